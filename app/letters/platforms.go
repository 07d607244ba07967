package letters

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/doxguard/doxguard/assets"
)

// Channel is one way to reach a platform's complaint desk.
type Channel struct {
	Kind    string `json:"kind"` // url, email, phone, in_app, help
	Value   string `json:"value,omitempty"`
	ValueZH string `json:"value_zh,omitempty"`
	ValueEN string `json:"value_en,omitempty"`
}

// Text returns the channel as one line in lang: the address plus its
// description.
func (c Channel) Text(lang string) string {
	desc := c.ValueZH
	if lang == LangEN {
		desc = c.ValueEN
	}
	switch {
	case c.Value != "" && desc != "":
		return desc + " " + c.Value
	case c.Value != "":
		return c.Value
	}
	return desc
}

// Platform is one entry of the platform directory.
type Platform struct {
	ID          string    `json:"id"`
	NameZH      string    `json:"name_zh"`
	NameEN      string    `json:"name_en"`
	Hosts       []string  `json:"hosts"` // "example.com" or "*.example.com"
	Channels    []Channel `json:"channels"`
	AsksZH      string    `json:"asks_zh"`
	AsksEN      string    `json:"asks_en"`
	Template    string    `json:"template"`
	Lang        string    `json:"lang"`
	LastChecked string    `json:"last_checked"` // YYYY-MM-DD, shown to the user
	Source      string    `json:"source"`
	// Known is false for the generic entry returned for hosts not in the directory.
	Known bool `json:"-"`
}

// Name returns the platform's name in lang.
func (p Platform) Name(lang string) string {
	if lang == LangEN {
		return p.NameEN
	}
	return p.NameZH
}

// Asks returns what the platform asks for, in lang.
func (p Platform) Asks(lang string) string {
	if lang == LangEN {
		return p.AsksEN
	}
	return p.AsksZH
}

// ChannelText joins all channels in lang, for a letter's recipient line.
func (p Platform) ChannelText(lang string) string {
	parts := make([]string, 0, len(p.Channels))
	for _, c := range p.Channels {
		if t := c.Text(lang); t != "" {
			parts = append(parts, t)
		}
	}
	sep := "；"
	if lang == LangEN {
		sep = "; "
	}
	return strings.Join(parts, sep)
}

// Directory is the platform directory: the embedded assets/platforms.json
// with the user's override file merged on top.
type Directory struct {
	Platforms   []Platform `json:"platforms"`
	Authorities []Platform `json:"authorities"`
}

// OverrideFile is the name of the user's directory file in the data folder.
const OverrideFile = "platforms.json"

// LoadDirectory reads the embedded directory and, when dataDir holds a
// platforms.json, merges it: entries with the same id replace embedded ones,
// new ids are added first so they win host matches.
func LoadDirectory(dataDir string) (*Directory, error) {
	var d Directory
	if err := json.Unmarshal(assets.Platforms(), &d); err != nil {
		return nil, fmt.Errorf("embedded platform directory: %w", err)
	}
	if dataDir == "" {
		return &d, nil
	}
	b, err := os.ReadFile(filepath.Join(dataDir, OverrideFile))
	if errors.Is(err, fs.ErrNotExist) {
		return &d, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read platform override: %w", err)
	}
	var o Directory
	if err := json.Unmarshal(b, &o); err != nil {
		return nil, fmt.Errorf("platform override %s: %w", OverrideFile, err)
	}
	for _, p := range o.Platforms {
		if p.Template != "" {
			if _, err := Lookup(p.Template); err != nil {
				return nil, fmt.Errorf("platform override %q: %w", p.ID, err)
			}
		}
	}
	d.Platforms = merge(d.Platforms, o.Platforms)
	d.Authorities = merge(d.Authorities, o.Authorities)
	return &d, nil
}

func merge(base, over []Platform) []Platform {
	out := append([]Platform(nil), over...)
	seen := map[string]bool{}
	for _, p := range over {
		seen[p.ID] = true
	}
	for _, p := range base {
		if !seen[p.ID] {
			out = append(out, p)
		}
	}
	return out
}

// HostOf returns the lower-case host of a URL without port or "www.".
func HostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return ""
	}
	h := strings.ToLower(u.Hostname())
	if hh, _, err := net.SplitHostPort(h); err == nil {
		h = hh
	}
	return strings.TrimPrefix(h, "www.")
}

// Match finds the platform for host (a host name or a URL). Unknown hosts
// get a generic entry: the site's own operator, the generic notice, and a
// channel the user fills in.
func (d *Directory) Match(host string) Platform {
	if strings.Contains(host, "://") {
		host = HostOf(host)
	}
	host = strings.TrimPrefix(strings.ToLower(strings.TrimSuffix(host, ".")), "www.")
	for _, p := range d.Platforms {
		for _, pat := range p.Hosts {
			if hostMatches(strings.ToLower(pat), host) {
				p.Known = true
				return p
			}
		}
	}
	return Platform{
		ID: "", NameZH: host + " 网站运营者", NameEN: "the operator of " + host, Hosts: []string{host},
		Channels: []Channel{{Kind: "help",
			ValueZH: "请在该网站查找联系、投诉或 abuse 邮箱，填入收件方",
			ValueEN: "look for the site's contact, complaint or abuse address and enter it as the recipient"}},
		Template: "platform-notice", Lang: LangZH,
	}
}

func hostMatches(pat, host string) bool {
	pat = strings.TrimPrefix(pat, "www.")
	if rest, ok := strings.CutPrefix(pat, "*."); ok {
		return host == rest || strings.HasSuffix(host, "."+rest)
	}
	return host == pat
}

// Authority returns an authority entry ("12377", "police") by id.
func (d *Directory) Authority(id string) (Platform, bool) {
	for _, p := range d.Authorities {
		if p.ID == id {
			p.Known = true
			return p, true
		}
	}
	return Platform{}, false
}
