package tmx_test

import (
	"fmt"
	"os"
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
