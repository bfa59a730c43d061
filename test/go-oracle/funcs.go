package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// confdFuncs is confd's function map (resource/template/template_funcs.go), with getenv reading env instead of the
// process environment. Most entries are the standard library functions confd itself registers.
func confdFuncs(env map[string]string) map[string]interface{} {
	return map[string]interface{}{
		"base":           path.Base,
		"dir":            path.Dir,
		"split":          strings.Split,
		"join":           strings.Join,
		"toUpper":        strings.ToUpper,
		"toLower":        strings.ToLower,
		"contains":       strings.Contains,
		"replace":        strings.Replace,
		"trimSuffix":     strings.TrimSuffix,
		"parseBool":      strconv.ParseBool,
		"atoi":           strconv.Atoi,
		"datetime":       time.Now,
		"json":           jsonObject,
		"jsonArray":      jsonArray,
		"map":            makeMap,
		"getenv":         func(name string, def ...string) string { return getenv(env, name, def) },
		"fileExists":     fileExists,
		"base64Encode":   func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) },
		"base64Decode":   base64Decode,
		"reverse":        reverse,
		"sortByLength":   sortByLength,
		"sortKVByLength": sortKVByLength,
		"seq":            seq,
		"add":            func(a, b int) int { return a + b },
		"sub":            func(a, b int) int { return a - b },
		"div":            func(a, b int) int { return a / b },
		"mod":            func(a, b int) int { return a % b },
		"mul":            func(a, b int) int { return a * b },
		"lookupIP":       lookupIP,
		"lookupIPV4":     func(host string) []string { return keepContaining(lookupIP(host), ".") },
		"lookupIPV6":     func(host string) []string { return keepContaining(lookupIP(host), ":") },
		"lookupSRV":      lookupSRV,
	}
}

// getenv: an unset or empty variable gives the first default, else "".
func getenv(env map[string]string, name string, def []string) string {
	if v := env[name]; v != "" {
		return v
	}
	if len(def) > 0 {
		return def[0]
	}
	return ""
}

// jsonObject decodes into map[string]interface{}: numbers become float64, as in confd's json.
func jsonObject(text string) (map[string]interface{}, error) {
	var out map[string]interface{}
	err := json.Unmarshal([]byte(text), &out)
	return out, err
}

func jsonArray(text string) ([]interface{}, error) {
	var out []interface{}
	err := json.Unmarshal([]byte(text), &out)
	return out, err
}

// makeMap: map "k1" v1 "k2" v2 …, with confd's error texts.
func makeMap(pairs ...interface{}) (map[string]interface{}, error) {
	if len(pairs)%2 == 1 {
		return nil, errors.New("invalid map call")
	}
	out := make(map[string]interface{}, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		key, ok := pairs[i].(string)
		if !ok {
			return nil, errors.New("map keys must be strings")
		}
		out[key] = pairs[i+1]
	}
	return out, nil
}

// fileExists is true unless stat says the path does not exist (a permission error counts as existing).
func fileExists(p string) bool {
	_, err := os.Stat(p)
	return !os.IsNotExist(err)
}

func base64Decode(s string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	return string(b), err
}

// reverse reverses []string and []kvPair in place; any other value, gets' kvPairs included, comes back unchanged.
func reverse(values interface{}) interface{} {
	switch v := values.(type) {
	case []string:
		for i, j := 0, len(v)-1; i < j; i, j = i+1, j-1 {
			v[i], v[j] = v[j], v[i]
		}
	case []kvPair:
		for i, j := 0, len(v)-1; i < j; i, j = i+1, j-1 {
			v[i], v[j] = v[j], v[i]
		}
	}
	return values
}

type stringsByLength []string

func (s stringsByLength) Len() int           { return len(s) }
func (s stringsByLength) Less(i, j int) bool { return len(s[i]) < len(s[j]) }
func (s stringsByLength) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

type pairsByKeyLength []kvPair

func (s pairsByKeyLength) Len() int           { return len(s) }
func (s pairsByKeyLength) Less(i, j int) bool { return len(s[i].Key) < len(s[j].Key) }
func (s pairsByKeyLength) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

// sortByLength and sortKVByLength sort in place with sort.Sort (not stable), as confd does: equal lengths keep
// whatever order Go's sort leaves them in.
func sortByLength(values []string) []string {
	sort.Sort(stringsByLength(values))
	return values
}

func sortKVByLength(values []kvPair) []kvPair {
	sort.Sort(pairsByKeyLength(values))
	return values
}

// seq: first…last inclusive; nil (prints []) when last < first.
func seq(first, last int) []int {
	var out []int
	for i := first; i <= last; i++ {
		out = append(out, i)
	}
	return out
}

// lookupIP: the host's addresses as sorted strings; nil on any lookup error.
func lookupIP(host string) []string {
	ips, err := net.LookupIP(host)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(ips))
	for _, ip := range ips {
		out = append(out, ip.String())
	}
	sort.Strings(out)
	return out
}

func keepContaining(addrs []string, sep string) []string {
	var out []string
	for _, a := range addrs {
		if strings.Contains(a, sep) {
			out = append(out, a)
		}
	}
	return out
}

type srvByText []*net.SRV

func (s srvByText) Len() int           { return len(s) }
func (s srvByText) Less(i, j int) bool { return srvText(s[i]) < srvText(s[j]) }
func (s srvByText) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

// srvText is confd's sort key: target, port, priority and weight written one after another.
func srvText(r *net.SRV) string {
	return fmt.Sprintf("%s%d%d%d", r.Target, r.Port, r.Priority, r.Weight)
}

// lookupSRV: the records of _service._proto.name ordered by srvText; empty on any lookup error.
func lookupSRV(service, proto, name string) []*net.SRV {
	_, records, err := net.LookupSRV(service, proto, name)
	if err != nil {
		return []*net.SRV{}
	}
	sort.Sort(srvByText(records))
	return records
}
