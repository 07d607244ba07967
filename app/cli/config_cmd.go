package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/doxguard/doxguard/app/letters"
	"github.com/doxguard/doxguard/monitor/evidence"
	"github.com/doxguard/doxguard/store"
)

// configKey is one setting a user may change from the command line. Each
// value is stored encrypted like everything else in the database.
type configKey struct {
	name  string
	about string
	// parse checks the typed text and returns the value to store.
	parse func(string) (any, error)
	// show reads the stored value for printing.
	show func(tx *store.Tx) (string, error)
}

var configKeys = []configKey{
	{
		name:  evidence.SettingTSAURL,
		about: "RFC 3161 timestamp authority; every capture is time-stamped after each scan (off when unset)",
		parse: func(s string) (any, error) { return evidence.CheckTSAURL(s) },
		show:  showString(evidence.SettingTSAURL),
	},
	{
		name:  letters.SettingContact,
		about: "the contact line letters give recipients (an e-mail or phone you choose to share)",
		parse: func(s string) (any, error) { return strings.TrimSpace(s), nil },
		show:  showString(letters.SettingContact),
	},
	{
		name:  letters.SettingDefaultDays,
		about: "days to ask for a reply where the law only says \"timely\"",
		parse: func(s string) (any, error) {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 90 {
				return nil, errors.New("letters.default_days must be a whole number of days from 1 to 90")
			}
			return n, nil
		},
		show: func(tx *store.Tx) (string, error) {
			var n int
			if err := tx.GetSetting(letters.SettingDefaultDays, &n); err != nil {
				return "", err
			}
			return strconv.Itoa(n), nil
		},
	},
}

func showString(key string) func(tx *store.Tx) (string, error) {
	return func(tx *store.Tx) (string, error) {
		var s string
		err := tx.GetSetting(key, &s)
		return s, err
	}
}

func findConfigKey(name string) (configKey, error) {
	var names []string
	for _, k := range configKeys {
		if k.name == name {
			return k, nil
		}
		names = append(names, k.name)
	}
	return configKey{}, Usagef("unknown setting %q — one of: %s", name, strings.Join(names, ", "))
}

func init() {
	register(&Command{Name: "config show", Summary: "show the settings you can change here (查看设置)", NeedsDB: true, Run: configShow})
	register(&Command{Name: "config set", Summary: "change a setting, e.g. tsa_url (修改设置)", Usage: "KEY VALUE", NeedsDB: true, Run: configSet})
	register(&Command{Name: "config unset", Summary: "return a setting to its default (恢复默认设置)", Usage: "KEY", NeedsDB: true, Run: configUnset})
}

func configShow(ctx context.Context, e *Env, args []string) error {
	pos, db, err := parseThenDB(ctx, e, e.Flags("config show"), args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return Usagef("config show takes no arguments")
	}
	return db.View(func(tx *store.Tx) error {
		for _, k := range configKeys {
			v, err := k.show(tx)
			switch {
			case errors.Is(err, store.ErrNotFound):
				v = "(not set)"
			case err != nil:
				return fmt.Errorf("read setting %s: %w", k.name, err)
			}
			e.Printf("%-22s %s\n%-22s   %s\n", k.name, v, "", k.about)
		}
		return nil
	})
}

func configSet(ctx context.Context, e *Env, args []string) error {
	pos, db, err := parseThenDB(ctx, e, e.Flags("config set"), args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return Usagef("usage: doxguard config set KEY VALUE")
	}
	k, err := findConfigKey(pos[0])
	if err != nil {
		return err
	}
	v, err := k.parse(pos[1])
	if err != nil {
		return Inputf("%v", err)
	}
	if err := db.Update(func(tx *store.Tx) error { return tx.PutSetting(k.name, v) }); err != nil {
		return fmt.Errorf("save setting %s: %w", k.name, err)
	}
	e.Printf("%s set (已保存)\n", k.name)
	return nil
}

func configUnset(ctx context.Context, e *Env, args []string) error {
	pos, db, err := parseThenDB(ctx, e, e.Flags("config unset"), args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return Usagef("usage: doxguard config unset KEY")
	}
	k, err := findConfigKey(pos[0])
	if err != nil {
		return err
	}
	err = db.Update(func(tx *store.Tx) error { return tx.DeleteSetting(k.name) })
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("remove setting %s: %w", k.name, err)
	}
	e.Printf("%s back to its default (已恢复默认)\n", k.name)
	return nil
}
