package roster

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/doxguard/doxguard/monitor/detect"
	"github.com/doxguard/doxguard/monitor/detect/ident"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Fictitious test identities (docs/ARCHITECTURE.md).
const (
	testName  = "程安然"
	testPhone = "+8613800138000"
	testID    = "11010519491231002X"
	testCard  = "6222021234567890128"
)

const jsonRosterText = `{"people":[
 {"name":"程安然","aliases":["安然然","Cheng Anran"],"tags":["hosts"],"notes":"manager: 王",
  "identifiers":[{"kind":"phone","value":"138 0013 8000","label":"old number"},
                 {"kind":"cn_id","value":"11010519491231002x"},
                 {"kind":"address","value":"浙江省杭州市西湖区文三路 88 号 5 幢 2 单元 301 室"}]},
 {"name":"Lin Xiaoyu","identifiers":[{"kind":"email","value":"XIAOYU@example.com"},{"kind":"bank_card","value":"6222 0212 3456 7890 128"}]}
]}`

const csvRosterText = "person,kind,value,label\n" +
	"程安然,alias,安然然,\n" +
	"程安然,alias,Cheng Anran,\n" +
	"程安然,tag,hosts,\n" +
	"程安然,notes,manager: 王,\n" +
	"程安然,phone,138-0013-8000,old number\n" +
	"程安然,cn_id,１１０１０５１９４９１２３１００２ｘ,\n" +
	"程安然,address,浙江省杭州市西湖区文三路 88 号 5 幢 2 单元 301 室,\n" +
	"Lin Xiaoyu,email,XIAOYU@example.com,\n" +
	"Lin Xiaoyu,bank_card,6222 0212 3456 7890 128,\n"

func checkExample(t *testing.T, r *Roster) {
	t.Helper()
	if len(r.People) != 2 {
		t.Fatalf("got %d people, want 2", len(r.People))
	}
	p := r.People[0]
	if p.Name != testName || fmt.Sprint(p.Aliases) != "[安然然 Cheng Anran]" || fmt.Sprint(p.Tags) != "[hosts]" || p.Notes != "manager: 王" {
		t.Errorf("person 0 = %q %q %q %q", p.Name, p.Aliases, p.Tags, p.Notes)
	}
	var got []string
	for _, id := range append(p.Identifiers, r.People[1].Identifiers...) {
		got = append(got, string(id.Value.Kind)+"="+id.Value.Canonical+"/"+id.Label)
	}
	want := []string{"phone=" + testPhone + "/old number", "cn_id=" + testID + "/",
		"address=浙江省杭州市西湖区文三路 88 号 5 幢 2 单元 301 室/", "email=xiaoyu@example.com/", "bank_card=" + testCard + "/"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("identifiers\n got %q\nwant %q", got, want)
	}
}

func TestParseShapes(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(strings.ReplaceAll(csvRosterText, "１１０１０５１９４９１２３１００２ｘ", testID)))
	if err != nil {
		t.Fatal(err)
	}
	gb18030, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(csvRosterText))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
		f    Format
	}{
		{"json", []byte(jsonRosterText), JSON},
		{"json sniffed with BOM", append([]byte("\uFEFF"), jsonRosterText...), ""},
		{"csv utf-8", []byte(csvRosterText), CSV},
		{"csv utf-8 BOM CRLF sniffed", []byte("\uFEFF" + strings.ReplaceAll(csvRosterText, "\n", "\r\n")), ""},
		{"csv gbk (Excel)", gbk, CSV},
		{"csv gb18030", gb18030, CSV},
		{"tsv", []byte(strings.ReplaceAll(csvRosterText, ",", "\t")), CSV},
		{"csv chinese header", []byte(strings.Replace(csvRosterText, "person,kind,value,label", "姓名,类型,值,备注", 1)), CSV},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "csv gbk (Excel)" && utf8Valid(c.data) {
				t.Fatal("test data should not be UTF-8")
			}
			r, err := Parse(c.data, c.f, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkExample(t, r)
		})
	}
}

func utf8Valid(b []byte) bool { return strings.ToValidUTF8(string(b), "\x00") == string(b) }

func TestAllOrNothingCSV(t *testing.T) {
	data := "person,kind,value,label\n" +
		"程安然,phone,138 0013 8000,\n" + // line 2 ok
		"程安然,cn_id,110105194912310021,\n" + // line 3: wrong check digit
		"程安然,qq,48151623,\n" + // line 4 ok
		",phone,13900139000,\n" + // line 5: no person
		"程安然,bank_card,6222021234567890127,\n" + // line 6: Luhn
		"程安然,ssn,123-45-6789,\n" + // line 7: unknown kind
		"\n" +
		"Lin Xiaoyu,phone,13800138000,\n" // line 9: same phone as 程安然
	_, err := Parse([]byte(data), CSV, Options{})
	var re *Error
	if !errors.As(err, &re) {
		t.Fatalf("Parse = %v, want *Error", err)
	}
	var lines []string
	for _, p := range re.Problems {
		lines = append(lines, p.String())
	}
	want := []string{
		"line 3: cn_id: check digit should be X (a digit is mistyped)",
		"line 5: the person column is empty",
		"line 6: bank_card: check digit is wrong (Luhn check failed; a digit is mistyped)",
		"line 7: unknown identifier kind (use one of phone, cn_id, bank_card, email, address, qq, wechat, plate, passport, handle, photo, other)",
		"line 9: phone 138****8000 is already listed for another person (line 2)",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems\n got %q\nwant %q", lines, want)
	}
	for _, secret := range []string{"110105194912310021", "6222021234567890127", "123-45-6789", "13900139000", "13800138000", "程安然"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error message repeats a value: %q", err)
		}
	}
}

func TestAllOrNothingJSON(t *testing.T) {
	data := `{"people":[{"name":"程安然","identifiers":[{"kind":"phone","value":"13800138000"}]},
	{"name":" ","identifiers":[]},
	{"name":"Lin","identifiers":[{"kind":"email","value":"lin@"},{"kind":"plate","value":"浙A·D12345"},{"kind":"cn_id","value":"11010519900230123X"}]}]}`
	_, err := Parse([]byte(data), JSON, Options{})
	var re *Error
	if !errors.As(err, &re) {
		t.Fatalf("Parse = %v, want *Error", err)
	}
	var got []string
	for _, p := range re.Problems {
		got = append(got, p.String())
	}
	want := []string{
		"people[1].name: a person needs a name",
		"people[2].identifiers[0]: email: the part after @ is not a valid domain (like example.com)",
		"people[2].identifiers[2]: cn_id: birth date is not a real date",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems\n got %q\nwant %q", got, want)
	}

	_, err = Parse([]byte("{\"people\":[\n{\"name\":\"x\",}\n]}"), JSON, Options{})
	if !errors.As(err, &re) || re.Problems[0].Line != 2 || !strings.Contains(re.Problems[0].Reason, "not valid JSON") {
		t.Errorf("syntax error = %v, want line 2 not valid JSON", err)
	}
}

func TestPhotoInRoster(t *testing.T) {
	data := "person,kind,value,label\n程安然,photo,8f3c00ff00ff00ff,\n程安然,photo,missing.png,\n"
	_, err := Parse([]byte(data), CSV, Options{LoadImage: func(string) ([]byte, error) { return nil, errors.New("no such file") }})
	var re *Error
	if !errors.As(err, &re) || len(re.Problems) != 1 || re.Problems[0].Line != 3 {
		t.Fatalf("Parse = %v, want one problem on line 3", err)
	}
}

func TestRoundTrip(t *testing.T) {
	r, err := Parse([]byte(jsonRosterText), JSON, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []Format{JSON, CSV} {
		var buf bytes.Buffer
		if f == JSON {
			err = WriteJSON(&buf, r)
		} else {
			err = WriteCSV(&buf, r)
		}
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(buf.Bytes(), "", Options{})
		if err != nil {
			t.Fatalf("%s: re-parse: %v", f, err)
		}
		checkExample(t, back)
	}
}

// memTx is an in-memory Tx: what the store does, minus the crypto.
type memTx struct {
	people []StoredPerson
	owner  map[string]string // kind|canonical → person ID
	writes int
}

func (m *memTx) PersonByName(name string) (StoredPerson, bool, error) {
	for _, p := range m.people {
		if p.Name == name {
			return p, true, nil
		}
	}
	return StoredPerson{}, false, nil
}

func (m *memTx) SavePerson(p StoredPerson) (string, error) {
	m.writes++
	if p.ID == "" {
		p.ID = fmt.Sprintf("p%d", len(m.people)+1)
		m.people = append(m.people, p)
		return p.ID, nil
	}
	for i := range m.people {
		if m.people[i].ID == p.ID {
			m.people[i] = p
		}
	}
	return p.ID, nil
}

func (m *memTx) IdentifierOwner(k ident.Kind, c string) (string, bool, error) {
	id, ok := m.owner[string(k)+"|"+c]
	return id, ok, nil
}

func (m *memTx) AddIdentifier(pid string, id Identifier) error {
	m.writes++
	if m.owner == nil {
		m.owner = map[string]string{}
	}
	m.owner[string(id.Value.Kind)+"|"+id.Value.Canonical] = pid
	return nil
}

func TestImportIdempotent(t *testing.T) {
	r, err := Parse([]byte(jsonRosterText), JSON, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tx := &memTx{}
	dry, err := Import(tx, r, true)
	if err != nil || tx.writes != 0 {
		t.Fatalf("dry run: %v, %d writes", err, tx.writes)
	}
	if dry.PeopleAdded != 2 || dry.IDsAdded != 5 || dry.People[0].Masked != "程某" {
		t.Errorf("dry-run plan = %+v", dry)
	}
	plan, err := Import(tx, r, false)
	if err != nil {
		t.Fatal(err)
	}
	if plan.PeopleAdded != 2 || plan.IDsAdded != 5 || len(tx.owner) != 5 {
		t.Errorf("first import plan = %+v, store has %d identifiers", plan, len(tx.owner))
	}
	writes := tx.writes
	again, err := Import(tx, r, false)
	if err != nil {
		t.Fatal(err)
	}
	if again.Changed() || again.IDsUnchanged != 5 || again.PeopleUnchanged != 2 || tx.writes != writes {
		t.Errorf("second import changed something: %+v, %d writes", again, tx.writes-writes)
	}

	// A new alias updates the person; the identifiers stay.
	r.People[0].Aliases = append(r.People[0].Aliases, "然然")
	upd, err := Import(tx, r, false)
	if err != nil || upd.PeopleUpdated != 1 || upd.IDsAdded != 0 || len(tx.people[0].Aliases) != 3 {
		t.Errorf("alias update: %+v, %v, aliases %q", upd, err, tx.people[0].Aliases)
	}

	// A value that belongs to someone else in the store is a conflict.
	other, _ := Parse([]byte(`{"people":[{"name":"Someone Else","identifiers":[{"kind":"phone","value":"13800138000"}]}]}`), JSON, Options{})
	if _, err := Import(tx, other, true); err == nil || !strings.Contains(err.Error(), "registered to another person") || strings.Contains(err.Error(), "13800138000") {
		t.Errorf("conflict error = %v", err)
	}
}

func TestToDetect(t *testing.T) {
	r, err := Parse([]byte(jsonRosterText), JSON, Options{})
	if err != nil {
		t.Fatal(err)
	}
	det, err := detect.New(ToDetect(r), detect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := det.Scan(detect.Doc{Body: []byte("<p>程安然 的电话 138-0013-8000</p>"), ContentType: "text/html; charset=utf-8"})
	found := false
	for _, m := range res.Matches {
		if m.Kind == "phone" && m.PersonID == "p1" && m.IdentifierID == "p1.1" {
			found = true
		}
	}
	if !found {
		t.Errorf("detector built from the roster missed the phone: %+v", res.Matches)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(jsonRosterText))
	f.Add([]byte(csvRosterText))
	f.Add([]byte("person,kind,value\n\"a,b\",phone,\"1\"\"3\"\n"))
	f.Add([]byte{0xb3, 0xcc, 0xb0, 0xb2, 0xc8, 0xbb, ',', 'q', 'q'})
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data, "", Options{})
		if err != nil {
			var re *Error
			if !errors.As(err, &re) || len(re.Problems) == 0 {
				t.Fatalf("error %T %v without problems", err, err)
			}
			return
		}
		// Whatever parsed must survive an export and re-import unchanged.
		var buf bytes.Buffer
		if err := WriteJSON(&buf, r); err != nil {
			t.Fatal(err)
		}
		back, err := Parse(buf.Bytes(), JSON, Options{})
		if err != nil {
			t.Fatalf("re-parse of export: %v", err)
		}
		if fmt.Sprint(back) != fmt.Sprint(r) {
			t.Fatalf("round trip changed the roster\n%v\n%v", r, back)
		}
	})
}
