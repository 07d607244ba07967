package desktop

import "testing"

// Without a display GLFW panics; Run must instead say what to do.
func TestNoDisplay(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tc := range []struct {
		goos string
		env  map[string]string
		want bool // a message is expected
	}{
		{"linux", nil, true},
		{"linux", map[string]string{"DISPLAY": ":0"}, false},
		{"linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, false},
		{"freebsd", nil, true},
		{"windows", nil, false},
		{"darwin", nil, false},
	} {
		if got := noDisplay(tc.goos, env(tc.env)) != ""; got != tc.want {
			t.Errorf("noDisplay(%s, %v) message=%v, want %v", tc.goos, tc.env, got, tc.want)
		}
	}
}
