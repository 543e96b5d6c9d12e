import ConvKit

/// Reading and printing big grids: what `compute` pays around the arithmetic. `peak_rss_mb`
/// against `input_mb` + `output_mb` (float64) shows the memory cost per byte of data.
func inputCases(_ sink: Sink) -> [BenchCase] {
    [
        BenchCase(name: "parse_text_2048", unit: nil) {
            var r = SeededRandom(state: 6)
            let text = textGrid(r.tensor([2048, 2048]))
            return Body(run: { sink.take(try! GridText.parse(utf8: text).data[0]) },
                        facts: [("input_mb", megabytes(text.count)), ("output_mb", megabytes(2048 * 2048 * 8))])
        },
        BenchCase(name: "parse_spaces_64mb", unit: nil) {
            let text = Array("1 2 3\n".utf8) + [UInt8](repeating: 0x20, count: 64 << 20)
            return Body(run: { sink.take(try! GridText.parse(utf8: text).data[0]) }, facts: [("input_mb", megabytes(text.count))])
        },
        BenchCase(name: "decode_npy_4096", unit: nil) {
            var r = SeededRandom(state: 7)
            let bytes = NPY.encode(r.tensor([4096, 4096]))
            return Body(run: { sink.take(try! NPY.decode(bytes).data[0]) },
                        facts: [("input_mb", megabytes(bytes.count)), ("output_mb", megabytes(4096 * 4096 * 8))])
        },
        printCase(sink, name: "print_text_2048") { t, out in GridPrint.text(t, to: out) },
        printCase(sink, name: "print_json_2048") { t, out in GridPrint.json(t.data, shape: t.shape, to: out) },
    ]
}

/// A 2048×2048 result printed into a sink that only counts bytes, as `compute` streams it.
private func printCase(_ sink: Sink, name: String, _ print: @escaping (Tensor, (String) -> Void) -> Void) -> BenchCase {
    BenchCase(name: name, unit: nil) {
        var r = SeededRandom(state: 8)
        let t = r.tensor([2048, 2048])
        var bytes = 0
        print(t) { bytes += $0.utf8.count }
        return Body(run: {
            var n = 0
            print(t) { n += $0.utf8.count }
            sink.take(n)
        }, facts: [("input_mb", megabytes(t.count * 8)), ("text_mb", megabytes(bytes))])
    }
}

private func textGrid(_ t: Tensor) -> [UInt8] {
    var out: [UInt8] = []
    GridPrint.text(t) { out += $0.utf8 }
    return out
}

private func megabytes(_ bytes: Int) -> Double { (Double(bytes) / 1_048_576 * 10).rounded() / 10 }
