package letters

import (
	"context"
	"testing"
)

func BenchmarkRenderMarkdown(b *testing.B) {
	f := fixedFields(LangZH, true)
	for b.Loop() {
		if _, err := (Renderer{}).Render("platform-notice", f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderPDF(b *testing.B) {
	l, err := Renderer{}.Render("platform-notice", fixedFields(LangZH, true))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := l.Bytes(context.Background(), FormatPDF); err != nil {
			b.Fatal(err)
		}
	}
}
