package crawl

import (
	"fmt"
	"net"
	"net/netip"
	"syscall"
	"time"
)

// AddressError says why the guard refused to connect.
type AddressError struct {
	IP     string
	Reason string
}

func (e *AddressError) Error() string {
	return fmt.Sprintf("address guard: %s is %s", e.IP, e.Reason)
}

func (e *AddressError) Unwrap() error { return ErrBlockedAddress }

var (
	// Shared address space (RFC 6598): carrier-grade NAT, often routers.
	cgnat = netip.MustParsePrefix("100.64.0.0/10")
	// "This network" (RFC 791): 0.x.y.z reaches the local host on Linux.
	thisNet = netip.MustParsePrefix("0.0.0.0/8")
)

// blockedReason names why ip must not be contacted from a public crawl, or
// returns "".
func blockedReason(ip netip.Addr) string {
	ip = ip.Unmap()
	switch {
	case !ip.IsValid():
		return "not an IP address"
	case ip.IsLoopback():
		return "loopback"
	case ip.IsPrivate():
		return "private"
	case ip.IsLinkLocalUnicast():
		return "link-local"
	case ip.IsUnspecified():
		return "unspecified"
	case ip.IsMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsLinkLocalMulticast():
		return "multicast"
	case cgnat.Contains(ip):
		return "shared (carrier-grade NAT)"
	case thisNet.Contains(ip):
		return "this-network"
	case ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return "broadcast"
	}
	return ""
}

// newDialer checks every address after DNS resolution, at connect time, so
// a public name resolving (or re-resolving) to a private address is refused
// and redirects cannot reach the local network either.
func newDialer(cfg Config) *net.Dialer {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if cfg.AllowPrivate {
		return d
	}
	allow := cfg.allowAddr
	d.Control = func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return &AddressError{IP: address, Reason: "not an IP address"}
		}
		ip := ap.Addr().Unmap()
		if allow != nil && allow(ip) {
			return nil
		}
		if why := blockedReason(ip); why != "" {
			return &AddressError{IP: ip.String(), Reason: why}
		}
		return nil
	}
	return d
}
