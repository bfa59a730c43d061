package main

import (
	"path"
	"sort"
	"strings"
)

// kvPair prints as {Key Value}, like memkv.KVPair, which templates see from get and gets.
type kvPair struct {
	Key   string
	Value string
}

// kvPairs is a named slice, as memkv's KVPairs: reverse's type switch on []kvPair does not match it.
type kvPairs []kvPair

// keyError reads like memkv's: "key does not exist: /a/b".
type keyError struct{ key string }

func (e *keyError) Error() string { return "key does not exist: " + e.key }

// store answers the memkv functions confd hands templates (get, gets, getv, getvs, ls, lsdir, exists).
type store struct {
	pairs map[string]kvPair
}

func newStore(keys map[string]string) *store {
	s := &store{pairs: make(map[string]kvPair, len(keys))}
	for k, v := range keys {
		s.pairs[k] = kvPair{Key: k, Value: v}
	}
	return s
}

func (s *store) funcs() map[string]interface{} {
	return map[string]interface{}{
		"exists": s.exists,
		"ls":     s.ls,
		"lsdir":  s.lsdir,
		"get":    s.get,
		"gets":   s.gets,
		"getv":   s.getv,
		"getvs":  s.getvs,
	}
}

func (s *store) get(key string) (kvPair, error) {
	if kv, ok := s.pairs[key]; ok {
		return kv, nil
	}
	return kvPair{}, &keyError{key}
}

func (s *store) exists(key string) bool {
	_, ok := s.pairs[key]
	return ok
}

// getv returns the first default, if given, for a missing key; without one it is an error.
func (s *store) getv(key string, defaults ...string) (string, error) {
	kv, err := s.get(key)
	if err == nil {
		return kv.Value, nil
	}
	if len(defaults) > 0 {
		return defaults[0], nil
	}
	return "", err
}

// gets: the pairs whose key path.Match-es pattern, by key. A malformed pattern is an error only if some key exists.
func (s *store) gets(pattern string) (kvPairs, error) {
	found := kvPairs{}
	for key, kv := range s.pairs {
		ok, err := path.Match(pattern, key)
		if err != nil {
			return nil, err
		}
		if ok {
			found = append(found, kv)
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Key < found[j].Key })
	return found, nil
}

// getvs: the values of gets, sorted as strings (not in key order).
func (s *store) getvs(pattern string) ([]string, error) {
	values := []string{}
	found, err := s.gets(pattern)
	if err != nil {
		return values, err
	}
	for _, kv := range found {
		values = append(values, kv.Value)
	}
	sort.Strings(values)
	return values, nil
}

// ls: names one level below dir; the key equal to dir gives its own base name. Keys are compared by their parent
// directory's segments, so ls "/" lists only keys directly under the root (memkv's behaviour, kept).
func (s *store) ls(dir string) []string {
	want := segments(dir)
	names := map[string]bool{}
	for key := range s.pairs {
		if key == dir {
			names[path.Base(key)] = true
			continue
		}
		if hasSegments(segments(path.Dir(key)), want) {
			rest := strings.TrimPrefix(strings.TrimPrefix(key, dir), "/")
			names[strings.Split(rest, "/")[0]] = true
		}
	}
	return sortedNames(names)
}

// lsdir: names of the directories one level below dir that hold keys (string prefix first, then segments; so
// lsdir "/" is always empty in memkv, and here).
func (s *store) lsdir(dir string) []string {
	want := segments(dir)
	names := map[string]bool{}
	for key := range s.pairs {
		if !strings.HasPrefix(key, dir) {
			continue
		}
		parent := segments(path.Dir(key))
		if hasSegments(parent, want) && len(parent) > len(want) {
			names[parent[len(want)]] = true
		}
	}
	return sortedNames(names)
}

func segments(p string) []string { return strings.Split(path.Clean(p), "/") }

// hasSegments: does full start with every segment of start?
func hasSegments(full, start []string) bool {
	if len(full) < len(start) {
		return false
	}
	for i, seg := range start {
		if full[i] != seg {
			return false
		}
	}
	return true
}

func sortedNames(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for name := range set {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
