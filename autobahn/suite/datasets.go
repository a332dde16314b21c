package suite

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// DataSet is a sample payload of the compression cases: the official suite
// uses files of five kinds, and the catalogue generates its own of the same
// kinds, deterministically, so every run sends the same bytes.
type DataSet struct {
	// Name is a short identifier: "json", "image", "text", "html", "pdf".
	Name string
	// Description says what kind of content it is.
	Description string
	// Binary: messages cut from it go out as binary messages. The text data
	// sets are ASCII, so a cut at any offset is valid UTF-8.
	Binary bool

	once sync.Once
	gen  func() []byte
	data []byte
}

// Bytes returns the data set, generating it on first use. Callers must not
// modify it.
func (d *DataSet) Bytes() []byte {
	d.once.Do(func() { d.data = d.gen() })
	return d.data
}

// The data sets, in the order of the official groups 12.1 to 12.5.
var (
	DataJSON  = &DataSet{Name: "json", Description: "JSON documents (records of people, orders and tags)", gen: genJSON}
	DataImage = &DataSet{Name: "image", Description: "an 8-bit grayscale bitmap image, 512x512 with noise", Binary: true, gen: genImage}
	DataText  = &DataSet{Name: "text", Description: "natural-language verse in German, UTF-8", Binary: true, gen: genText}
	DataHTML  = &DataSet{Name: "html", Description: "an HTML page with tables, lists and paragraphs", gen: genHTML}
	DataPDF   = &DataSet{Name: "pdf", Description: "a PDF-like file: text objects and deflated image streams", Binary: true, gen: genPDF}
)

// minDataSize is the smallest data set: a message of the largest size the
// cases send (128 KiB) must fit, as it does in the official data.
const minDataSize = 256 << 10

// seeded returns the generator of a data set, fixed by its name.
func seeded(name string) *rand.Rand {
	var seed uint64
	for _, c := range name {
		seed = seed*131 + uint64(c)
	}
	return rand.New(rand.NewPCG(seed, 0x5eed))
}

// pick returns one of words, the earlier ones more often (a Zipf-like
// spread, as in real text).
func pick(r *rand.Rand, words []string) string {
	x := r.Float64()
	return words[int(x*x*x*float64(len(words)))]
}

var (
	firstNames = []string{"Anna", "Ben", "Clara", "David", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kai", "Lena", "Marta", "Nils", "Olga", "Pablo"}
	lastNames  = []string{"Schmidt", "Meyer", "Novak", "Rossi", "Tanaka", "Garcia", "Kowalski", "Dubois", "Jensen", "Silva", "Okafor", "Larsen"}
	cities     = []string{"Berlin", "Lisbon", "Osaka", "Lagos", "Oslo", "Lyon", "Porto", "Krakow", "Seattle", "Quito"}
	tags       = []string{"new", "priority", "gift", "express", "bulk", "returned", "fragile", "digital", "member", "sale"}
	products   = []string{"keyboard", "monitor", "desk lamp", "notebook", "headphones", "cable", "chair", "router", "camera", "backpack"}
	englishLex = []string{"the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "with", "as", "was", "on", "be", "by",
		"this", "are", "from", "or", "which", "one", "data", "server", "message", "network", "frame", "window", "protocol",
		"connection", "client", "request", "stream", "buffer", "latency", "compression", "browser", "socket", "extension"}
	germanLex = []string{"und", "die", "der", "ich", "nicht", "das", "zu", "ist", "mich", "sich", "mit", "ein", "dem", "den",
		"mir", "wie", "auf", "so", "du", "nur", "Herz", "Welt", "Geist", "Nacht", "Seele", "Himmel", "Erde", "Liebe",
		"schön", "Glück", "Mädchen", "Träume", "Flügel", "hören", "Wälder", "Blüte", "Tränen", "Gefühl", "über", "Grüße",
		"Stürme", "Brüder", "möchte", "Größe", "Höhle", "süß", "Füße", "Frühling", "Schöpfung", "Gedächtnis"}
	speakers = []string{"FAUST", "MEPHISTOPHELES", "MARGARETE", "WAGNER", "MARTHE", "CHOR DER ENGEL", "GEIST"}
)

func genJSON() []byte {
	r := seeded("json")
	var b bytes.Buffer
	b.WriteString("[\n")
	for i := 0; b.Len() < minDataSize*3/2; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		first, last := pick(r, firstNames), pick(r, lastNames)
		fmt.Fprintf(&b, "  {\n    \"id\": %d,\n    \"name\": \"%s %s\",\n    \"email\": \"%s.%s@example.org\",\n", 10000+i, first, last,
			strings.ToLower(first), strings.ToLower(last))
		fmt.Fprintf(&b, "    \"active\": %t,\n    \"balance\": %.2f,\n    \"address\": {\"city\": \"%s\", \"zip\": \"%05d\"},\n",
			r.IntN(4) != 0, r.Float64()*5000, pick(r, cities), r.IntN(100000))
		b.WriteString("    \"tags\": [")
		for t := range 1 + r.IntN(3) {
			if t > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q", pick(r, tags))
		}
		b.WriteString("],\n    \"orders\": [\n")
		for o := range 1 + r.IntN(3) {
			if o > 0 {
				b.WriteString(",\n")
			}
			fmt.Fprintf(&b, "      {\"item\": %q, \"quantity\": %d, \"price\": %.2f, \"shipped\": %t}",
				pick(r, products), 1+r.IntN(5), 5+r.Float64()*300, r.IntN(2) == 0)
		}
		b.WriteString("\n    ]\n  }")
	}
	b.WriteString("\n]\n")
	return b.Bytes()
}

// sentence returns n words of lex, capitalised, ending with a full stop.
func sentence(r *rand.Rand, lex []string, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = pick(r, lex)
	}
	s := strings.Join(w, " ")
	first, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(first)) + s[n:] + "."
}

func genHTML() []byte {
	r := seeded("html")
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Order archive</title>\n" +
		"<link rel=\"stylesheet\" href=\"/static/site.css\">\n</head>\n<body>\n<nav class=\"top\"><ul>\n")
	for _, c := range cities {
		fmt.Fprintf(&b, "  <li><a href=\"/city/%s\" class=\"nav-link\">%s</a></li>\n", strings.ToLower(c), c)
	}
	b.WriteString("</ul></nav>\n<main>\n")
	for sec := 0; b.Len() < minDataSize*3/2; sec++ {
		fmt.Fprintf(&b, "<section id=\"s%d\">\n<h2>%s</h2>\n<p>%s %s</p>\n", sec, sentence(r, englishLex, 4),
			sentence(r, englishLex, 12+r.IntN(10)), sentence(r, englishLex, 8+r.IntN(10)))
		b.WriteString("<table class=\"orders\">\n<thead><tr><th>Order</th><th>Customer</th><th>Item</th><th>Total</th></tr></thead>\n<tbody>\n")
		for row := range 5 + r.IntN(10) {
			fmt.Fprintf(&b, "  <tr class=\"%s\"><td><a href=\"/order/%d\">#%d</a></td><td>%s %s</td><td>%s</td><td class=\"num\">%.2f</td></tr>\n",
				[]string{"odd", "even"}[row%2], 50000+sec*20+row, 50000+sec*20+row, pick(r, firstNames), pick(r, lastNames),
				pick(r, products), r.Float64()*900)
		}
		b.WriteString("</tbody>\n</table>\n</section>\n")
	}
	b.WriteString("</main>\n<footer><p>Generated for the hybi conformance suite.</p></footer>\n</body>\n</html>\n")
	return b.Bytes()
}

func genText() []byte {
	r := seeded("text")
	var b bytes.Buffer
	b.WriteString("Eine Tragödie in Versen, erzeugt für die Kompressionsfälle.\n\n")
	for scene := 1; b.Len() < minDataSize*3/2; scene++ {
		fmt.Fprintf(&b, "\nSZENE %d\n\n", scene)
		for range 10 + r.IntN(20) {
			fmt.Fprintf(&b, "%s:\n", pick(r, speakers))
			for range 1 + r.IntN(6) {
				fmt.Fprintf(&b, "  %s\n", sentence(r, germanLex, 4+r.IntN(6)))
			}
		}
	}
	return b.Bytes()
}

// genImage writes a Windows bitmap: 8-bit grayscale palette, smooth shapes
// plus sensor-like noise, so it compresses a little, like a photograph.
func genImage() []byte {
	r := seeded("image")
	const w, h, palette = 512, 512, 256 * 4
	const offset = 14 + 40 + palette
	b := make([]byte, 0, offset+w*h)
	b = append(b, 'B', 'M')
	b = binary.LittleEndian.AppendUint32(b, offset+w*h)
	b = binary.LittleEndian.AppendUint32(b, 0)
	b = binary.LittleEndian.AppendUint32(b, offset)
	b = binary.LittleEndian.AppendUint32(b, 40)
	b = binary.LittleEndian.AppendUint32(b, w)
	b = binary.LittleEndian.AppendUint32(b, h)
	b = binary.LittleEndian.AppendUint16(b, 1)
	b = binary.LittleEndian.AppendUint16(b, 8)
	for _, v := range []uint32{0, w * h, 2835, 2835, 256, 0} {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	for i := range 256 {
		b = append(b, byte(i), byte(i), byte(i), 0)
	}
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/w, float64(y)/h
			v := 128 + 60*math.Sin(6*fx+3*fy) + 40*math.Cos(11*fx*fy) + 25*math.Sin(40*math.Hypot(fx-0.5, fy-0.4))
			v += float64(r.IntN(7) - 3)
			b = append(b, byte(max(0, min(255, v))))
		}
	}
	return b
}

// genPDF writes a PDF-like file: page objects with text content streams and
// image streams that are already deflated, so most of it barely compresses
// again, as in a real PDF.
func genPDF() []byte {
	r := seeded("pdf")
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	var offsets []int
	obj := func(body string, stream []byte) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\n", len(offsets), body)
		if stream != nil {
			b.WriteString("stream\n")
			b.Write(stream)
			b.WriteString("\nendstream\n")
		}
		b.WriteString("endobj\n")
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
	obj("<< /Type /Pages /Count 0 /Kids [] >>", nil)
	pixels := make([]byte, 6<<10)
	var z bytes.Buffer
	for b.Len() < minDataSize*3/2 {
		var text strings.Builder
		text.WriteString("BT /F1 11 Tf 72 720 Td 14 TL\n")
		for range 20 + r.IntN(20) {
			fmt.Fprintf(&text, "(%s) Tj T*\n", sentence(r, englishLex, 6+r.IntN(8)))
		}
		text.WriteString("ET")
		obj(fmt.Sprintf("<< /Length %d >>", text.Len()), []byte(text.String()))
		level := byte(r.IntN(256))
		for i := range pixels {
			if r.IntN(4) == 0 {
				level = byte(r.IntN(256))
			}
			pixels[i] = level + byte(r.IntN(8))
		}
		z.Reset()
		zw, _ := flate.NewWriter(&z, flate.BestSpeed)
		_, _ = zw.Write(pixels)
		_ = zw.Close()
		obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width 128 /Height 192 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>", z.Len()), z.Bytes())
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}
