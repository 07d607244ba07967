package detect

// Fictitious test identities (docs/ARCHITECTURE.md "Test identities").
const (
	tName    = "程安然"
	tAlias   = "安然然"
	tPhone   = "+8613800138000"
	tCNID    = "11010519491231002X"
	tCard    = "6222021234567890128"
	tEmail   = "anran.cheng@example.com"
	tAddress = "浙江省杭州市西湖区文三路 88 号 5 幢 2 单元 301 室"
	tQQ      = "48151623"
	tPlate   = "浙AD12345"

	// A second fictitious person.
	t2Name   = "欧阳明远"
	t2Phone  = "+8613912345678"
	t2Email  = "mingyuan.oy@example.org"
	t2Handle = "mingyuan_oy88"
)

func testRoster() Roster {
	return Roster{People: []Person{
		{ID: "p1", Name: tName, Aliases: []string{tAlias}, Identifiers: []Identifier{
			{ID: "i-phone", Kind: "phone", Value: tPhone},
			{ID: "i-id", Kind: "cn_id", Value: tCNID},
			{ID: "i-card", Kind: "bank_card", Value: tCard},
			{ID: "i-email", Kind: "email", Value: tEmail},
			{ID: "i-addr", Kind: "address", Value: tAddress},
			{ID: "i-qq", Kind: "qq", Value: tQQ},
			{ID: "i-plate", Kind: "plate", Value: tPlate},
		}},
		{ID: "p2", Name: t2Name, Identifiers: []Identifier{
			{ID: "j-phone", Kind: "phone", Value: t2Phone},
			{ID: "j-email", Kind: "email", Value: t2Email},
			{ID: "j-handle", Kind: "handle", Value: t2Handle},
		}},
	}}
}
