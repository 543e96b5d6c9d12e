// The bundled lessons as Swift, generated at build time by Plugins/EmbedLessons (see README.md).
