package letters

// kindLabels names identifier kinds in letters. Kinds not listed fall back
// to "other personal information".
var kindLabels = map[string][2]string{
	"cn_id":     {"身份证号码", "ID-card number"},
	"phone":     {"手机号码", "phone number"},
	"bank_card": {"银行卡号", "bank card number"},
	"email":     {"电子邮箱", "e-mail address"},
	"address":   {"住址", "home address"},
	"qq":        {"QQ号", "QQ number"},
	"wechat":    {"微信号", "WeChat ID"},
	"plate":     {"车牌号", "licence plate"},
	"passport":  {"护照号码", "passport number"},
	"handle":    {"账号", "account handle"},
	"photo":     {"照片", "photo"},
	"name":      {"姓名", "name"},
	"other":     {"其他个人信息", "other personal information"},
}

// KindLabel names an identifier kind in lang.
func KindLabel(kind, lang string) string {
	l, ok := kindLabels[kind]
	if !ok {
		l = kindLabels["other"]
	}
	if lang == LangEN {
		return l[1]
	}
	return l[0]
}

// sensitiveKinds are sensitive personal information under PIPL art. 28
// (specific identity, financial accounts); legal.md §1.1.
var sensitiveKinds = map[string]bool{"cn_id": true, "bank_card": true, "passport": true}
