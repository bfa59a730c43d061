package main

import (
	"io"
	"path"
	"sort"
	"strings"
	"text/template"
)

// render parses and executes req's main template as confd's resource processing does.
func render(req *request, out io.Writer) error {
	store := newStore(visibleKeys(req))
	funcs := confdFuncs(req.Env)
	for name, fn := range store.funcs() {
		funcs[name] = fn
	}
	// confd: template.New(filepath.Base(src)).Funcs(funcMap).ParseFiles(src). ParseFiles parses the file named like
	// the receiver into the receiver itself; further files (confd never has any) become associated templates.
	tmpl := template.New(req.Main).Funcs(funcs)
	if _, err := tmpl.Parse(req.Templates[req.Main]); err != nil {
		return err
	}
	for _, name := range otherNames(req) {
		if _, err := tmpl.New(name).Parse(req.Templates[name]); err != nil {
			return err
		}
	}
	return tmpl.Execute(out, nil)
}

// visibleKeys is what confd's setVars stores: the backend keys its resource keys select, with the prefix removed.
func visibleKeys(req *request) map[string]string {
	prefix := req.Prefix
	if !strings.HasPrefix(prefix, "/") {
		prefix = "/" + prefix
	}
	wanted := make([]string, 0, len(*req.ResourceKeys))
	for _, k := range *req.ResourceKeys {
		wanted = append(wanted, path.Join(prefix, k))
	}
	seen := make(map[string]string)
	for key, value := range req.Keys {
		if selects(req.Match, wanted, key) {
			seen[path.Join("/", strings.TrimPrefix(key, prefix))] = value
		}
	}
	return seen
}

// selects: the file backend keeps a key that starts with any wanted string; etcd v3 wants the key or a child of it.
func selects(match string, wanted []string, key string) bool {
	for _, w := range wanted {
		if match == "file" && strings.HasPrefix(key, w) {
			return true
		}
		if match == "etcdv3" && (key == w || strings.HasPrefix(key, strings.TrimSuffix(w, "/")+"/")) {
			return true
		}
	}
	return false
}

func otherNames(req *request) []string {
	names := make([]string, 0, len(req.Templates))
	for name := range req.Templates {
		if name != req.Main {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}
