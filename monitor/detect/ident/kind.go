package ident

import (
	"fmt"
	"strings"
)

// Kind names a sort of identifier. The strings are part of the public CLI
// and roster contract (DESIGN.md "Identifier kinds").
type Kind string

// The registrable kinds, and KindName for names and aliases in output.
const (
	KindPhone    Kind = "phone"
	KindCNID     Kind = "cn_id"
	KindBankCard Kind = "bank_card"
	KindEmail    Kind = "email"
	KindAddress  Kind = "address"
	KindQQ       Kind = "qq"
	KindWeChat   Kind = "wechat"
	KindPlate    Kind = "plate"
	KindPassport Kind = "passport"
	KindHandle   Kind = "handle"
	KindPhoto    Kind = "photo"
	KindOther    Kind = "other"

	// KindName is not registrable as an identifier: names and aliases are
	// fields of the person. It appears in detector output and rosters.
	KindName Kind = "name"
)

var kinds = []Kind{KindPhone, KindCNID, KindBankCard, KindEmail, KindAddress, KindQQ,
	KindWeChat, KindPlate, KindPassport, KindHandle, KindPhoto, KindOther}

// Kinds returns the registrable identifier kinds in display order.
func Kinds() []Kind { return append([]Kind(nil), kinds...) }

// aliases accepts the spellings people put in roster headers and on the
// command line; the canonical kind names are always accepted.
var aliases = map[string]Kind{
	"id": KindCNID, "idcard": KindCNID, "id_card": KindCNID, "cnid": KindCNID, "身份证": KindCNID, "身份证号": KindCNID,
	"mobile": KindPhone, "tel": KindPhone, "telephone": KindPhone, "手机": KindPhone, "手机号": KindPhone, "电话": KindPhone,
	"bank": KindBankCard, "card": KindBankCard, "bankcard": KindBankCard, "银行卡": KindBankCard, "银行卡号": KindBankCard,
	"mail": KindEmail, "e-mail": KindEmail, "邮箱": KindEmail,
	"addr": KindAddress, "地址": KindAddress, "住址": KindAddress,
	"weixin": KindWeChat, "微信": KindWeChat, "微信号": KindWeChat,
	"车牌": KindPlate, "车牌号": KindPlate, "license_plate": KindPlate,
	"护照": KindPassport, "护照号": KindPassport,
	"账号": KindHandle, "username": KindHandle,
	"照片": KindPhoto, "image": KindPhoto,
	"其他": KindOther,
}

// ParseKind accepts a kind name (case-insensitive, surrounding space
// ignored) or a common alias such as "mobile" or "身份证".
func ParseKind(s string) (Kind, error) {
	k := strings.ToLower(strings.TrimSpace(fold(s)))
	for _, c := range kinds {
		if string(c) == k {
			return c, nil
		}
	}
	if c, ok := aliases[k]; ok {
		return c, nil
	}
	// The input is not echoed: a value typed in the kind's place must not
	// end up in an error message.
	return "", fmt.Errorf("unknown identifier kind (use one of %s)", kindList())
}

func kindList() string {
	var b strings.Builder
	for i, k := range kinds {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(k))
	}
	return b.String()
}

// Value is a validated identifier: its kind, the canonical plaintext (keep
// it in memory or in the encrypted store only) and the masked display form.
type Value struct {
	Kind      Kind
	Canonical string
	Masked    string
}

// ValidationError says why an input is not a valid identifier of a kind. It
// never contains the input.
type ValidationError struct {
	Kind    Kind
	Problem string
}

func (e *ValidationError) Error() string { return string(e.Kind) + ": " + e.Problem }

func invalid(k Kind, format string, args ...any) error {
	return &ValidationError{Kind: k, Problem: fmt.Sprintf(format, args...)}
}
