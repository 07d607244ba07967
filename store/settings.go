package store

import (
	"encoding/json"
	"fmt"
)

// PutSetting stores v as JSON under key (sealed; the key is blind-indexed).
func (t *Tx) PutSetting(key string, v any) error {
	j, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("setting %s: %w", key, err)
	}
	raw := json.RawMessage(j)
	return putSealed(t, bSettings, t.k.blind(purposeSetting, key), &raw)
}

// GetSetting decodes the setting key into v (ErrNotFound when unset).
func (t *Tx) GetSetting(key string, v any) error {
	raw, err := getSealed[json.RawMessage](t, bSettings, t.k.blind(purposeSetting, key))
	if err != nil {
		return fmt.Errorf("setting %s: %w", key, err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("setting %s: %w", key, err)
	}
	return nil
}

// DeleteSetting removes the setting key (no error when unset).
func (t *Tx) DeleteSetting(key string) error {
	return t.b(bSettings).Delete(t.k.blind(purposeSetting, key))
}
