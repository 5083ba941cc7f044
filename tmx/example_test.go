package tmx_test

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/bitext/bitext/tmx"
)

func ExampleEncoder() {
	enc := tmx.NewEncoder(os.Stdout, tmx.Header{
		CreationTool: "bitext", CreationToolVersion: "1.0", SegType: "sentence",
		OTMF: "bitext", AdminLang: "en", SrcLang: "ar", DataType: "plaintext",
		CreationDate: time.Date(2025, 8, 1, 9, 0, 0, 0, time.UTC),
	})
	err := enc.Encode(&tmx.TU{
		Props: []tmx.Prop{{Type: "x-bead", Value: "1-1"}, {Type: "x-confidence", Value: "0.97"}},
		// The source tuv (ar, the header's srclang) is written first.
		TUVs: []tmx.TUV{tmx.NewTUV("en", "Moscow & Damascus"), tmx.NewTUV("ar", "موسكو ودمشق")},
	})
	if err == nil {
		err = enc.Close()
	}
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <tmx version="1.4">
	//   <header creationtool="bitext" creationtoolversion="1.0" segtype="sentence" o-tmf="bitext" adminlang="en" srclang="ar" datatype="plaintext" creationdate="20250801T090000Z"/>
	//   <body>
	//     <tu>
	//       <prop type="x-bead">1-1</prop>
	//       <prop type="x-confidence">0.97</prop>
	//       <tuv xml:lang="ar">
	//         <seg>موسكو ودمشق</seg>
	//       </tuv>
	//       <tuv xml:lang="en">
	//         <seg>Moscow &amp; Damascus</seg>
	//       </tuv>
	//     </tu>
	//   </body>
	// </tmx>
}

func ExampleBalanceBidi() {
	fmt.Printf("%+q\n", tmx.BalanceBidi("\u2067RTL isolate never closed"))
	fmt.Printf("%+q\n", tmx.BalanceBidi("stray \u202C PDF"))
	// Output:
	// "\u2067RTL isolate never closed\u2069"
	// "stray  PDF"
}

func ExampleDecoder() {
	const doc = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="ar" datatype="plaintext"/>
  <body>
    <tu><prop type="x-confidence">0.9</prop>
      <tuv xml:lang="ar"><seg>مرحبا</seg></tuv>
      <tuv lang="en"><seg>Hello <bpt i="1">&lt;b></bpt>world<ept i="1">&lt;/b></ept></seg></tuv>
    </tu>
  </body>
</tmx>`
	d := tmx.NewDecoder(strings.NewReader(doc))
	h, err := d.Header()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("srclang", h.SrcLang)
	for {
		tu, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		conf, _ := tu.Prop("x-confidence")
		fmt.Printf("line %d, confidence %s: %s = %s (%d inline nodes)\n",
			tu.Line, conf, tu.Variant("ar").Text(), tu.Variant("en").Text(), len(tu.Variant("en").Seg))
	}
	// Output:
	// srclang ar
	// line 5, confidence 0.9: مرحبا = Hello world (4 inline nodes)
}

func ExampleValidate() {
	const doc = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="EN" datatype="plaintext"/>
  <body>
    <tu creationdate="2025-08-01">
      <tuv xml:lang="en"><seg>Hello&nbsp;world</seg></tuv>
    </tu>
  </body>
</tmx>`
	findings, err := tmx.Validate(strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
	}
	for _, f := range findings {
		fmt.Println(f)
	}
	// Output:
	// line 5: error: creationdate="2025-08-01" is not a UTC date YYYYMMDDThhmmssZ [date]
	// line 6: error: entity &nbsp; is not defined in XML (HTML entity?); use the character or a numeric reference [entity]
	// line 5: error: tu has no tuv in source language "EN" (only "en", which differs in case) [tu-source]
	// line 3: error: srclang="EN" matches no tuv's xml:lang (byte for byte) [srclang]
}
