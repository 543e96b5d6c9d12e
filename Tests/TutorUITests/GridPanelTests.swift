import ConvKit
import Testing
@testable import TutorUI

@Suite struct GridPanelTests {
    /// A panel narrower than one of its cells (a deep stack's path counts at 80 columns) shows
    /// "…" for the cell it cannot hold, never a cut number that reads as another, and never
    /// writes past its width into the panel beside it.
    @Test func aCellWiderThanItsPanelIsNeverCut() {
        let panel = GridPanel(title: "p", rows: 1, cols: 2, cellWidth: 6, focus: (0, 0)) { _, c in (.number(c == 0 ? 118696 : 7), .plain) }
        var b = CellBuffer(Size(width: 12, height: 2))
        b.put("xxxxxxxxxxxx", x: 0, y: 1, .plain)
        panel.draw(into: &b, panel.place(x: 0, y: 0, width: 4, height: 2))
        #expect(b.text.split(separator: "\n")[1] == "xxx…xxxxxxxx", "\(b.text)")
    }

    /// A title given with whole-word alternatives is never cut: layer 10's "10" cut to "1"
    /// would name another layer, so where none fits the title is "…".
    @Test func aWholeWordTitleIsNeverCut() {
        var panel = GridPanel(title: "10 conv2d 3×3 out", rows: 1, cols: 1, cellWidth: 1, focus: (0, 0)) { _, _ in (.number(1), .plain) }
        panel.shorterTitles = ["10 out", "10"]
        var b = CellBuffer(Size(width: 4, height: 2))
        panel.draw(into: &b, panel.place(x: 0, y: 0, width: 1, height: 2))
        #expect(b.text.split(separator: "\n", omittingEmptySubsequences: false)[0].hasPrefix("…"), "\(b.text)")
        var wide = CellBuffer(Size(width: 8, height: 2))
        panel.draw(into: &wide, panel.place(x: 0, y: 0, width: 7, height: 2))
        #expect(wide.text.hasPrefix("10 out"), "\(wide.text)")
    }
}
