package main

import (
	"encoding/json"
	"errors"
	"fmt"
)

// request is what the tests send. Field comments give the JSON names and defaults.
type request struct {
	// templates: file name → Go template text; main names the one confd's resource points at (its `src`).
	Templates map[string]string `json:"templates"`
	Main      string            `json:"main"`
	// keys: every key the backend holds ("/a/b" → value), before the resource's keys filter them.
	Keys map[string]string `json:"keys"`
	// resourceKeys: the resource's `keys`; absent (null) means ["/"], every key. An empty list shows no key.
	ResourceKeys *[]string `json:"resourceKeys"`
	// prefix: the resource's (or the command line's) prefix; "" is "/", as in confd.
	Prefix string `json:"prefix"`
	// env: the whole environment getenv sees; the oracle's own environment is never consulted.
	Env map[string]string `json:"env"`
	// match: how a resource key selects backend keys. "file" (default): plain string prefix, as confd's file
	// backend does ("/upstream" also takes "/upstreamx/a"); "etcdv3": the key itself or below it ("/upstream/…").
	Match string `json:"match"`
}

func parseRequest(input []byte) (*request, error) {
	var req request
	if err := json.Unmarshal(input, &req); err != nil {
		return nil, err
	}
	if req.Main == "" {
		return nil, errors.New(`"main" is required`)
	}
	if _, ok := req.Templates[req.Main]; !ok {
		return nil, fmt.Errorf("main template %q is not in \"templates\"", req.Main)
	}
	if req.Match == "" {
		req.Match = "file"
	}
	if req.Match != "file" && req.Match != "etcdv3" {
		return nil, fmt.Errorf(`"match" must be "file" or "etcdv3", not %q`, req.Match)
	}
	if req.ResourceKeys == nil {
		all := []string{"/"}
		req.ResourceKeys = &all
	}
	return &req, nil
}
