// Validates manifests as kube-apiserver does for a custom resource created with
// `kubectl apply --validate=strict` (fieldValidation=Strict): nulls of non-nullable fields
// pruned, unknown fields found by pruning against the structural schema, unknown and
// malformed metadata fields, then the OpenAPI schema validation of the CRD.
//
// Usage: crd-validation CRD_DIR, then one JSON line per manifest on stdin:
//   {"crd": "analysis-template-crd.yaml", "doc": {...}}
// answered by one line each: {"unknown": ["spec.x", ...], "errors": ["spec.y: ...", ...]}.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	schemaobjectmeta "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	structuralpruning "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"sigs.k8s.io/yaml"
)

type schemas struct {
	structural *structuralschema.Structural
	validator  apiservervalidation.SchemaValidator
}

func load(dir, file string) (*schemas, error) {
	raw, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		return nil, err
	}
	var crd apiextensionsv1.CustomResourceDefinition
	if err := yaml.Unmarshal(raw, &crd); err != nil {
		return nil, err
	}
	v1props := crd.Spec.Versions[0].Schema.OpenAPIV3Schema
	var props apiextensions.JSONSchemaProps
	if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v1props, &props, nil); err != nil {
		return nil, err
	}
	structural, err := structuralschema.NewStructural(&props)
	if err != nil {
		return nil, err
	}
	validator, _, err := apiservervalidation.NewSchemaValidator(&props)
	if err != nil {
		return nil, err
	}
	return &schemas{structural, validator}, nil
}

type request struct {
	CRD string                 `json:"crd"`
	Doc map[string]interface{} `json:"doc"`
}

type answer struct {
	Unknown []string `json:"unknown"`
	Errors  []string `json:"errors"`
}

func main() {
	dir := os.Args[1]
	cache := map[string]*schemas{}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 64<<20), 64<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			fmt.Fprintln(os.Stderr, "bad request:", err)
			os.Exit(1)
		}
		s, ok := cache[req.CRD]
		if !ok {
			var err error
			if s, err = load(dir, req.CRD); err != nil {
				fmt.Fprintln(os.Stderr, "cannot load", req.CRD, ":", err)
				os.Exit(1)
			}
			cache[req.CRD] = s
		}
		ans := answer{Unknown: []string{}, Errors: []string{}}
		obj := req.Doc
		structuraldefaulting.PruneNonNullableNullsWithoutDefaults(obj, s.structural)
		ans.Unknown = append(ans.Unknown, structuralpruning.PruneWithOptions(obj, s.structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})...)
		_, _, metaUnknown, err := schemaobjectmeta.GetObjectMetaWithOptions(obj, schemaobjectmeta.ObjectMetaOptions{ReturnUnknownFieldPaths: true})
		if err != nil {
			ans.Errors = append(ans.Errors, "metadata: "+err.Error())
		}
		ans.Unknown = append(ans.Unknown, metaUnknown...)
		for _, e := range apiservervalidation.ValidateCustomResource(nil, obj, s.validator) {
			ans.Errors = append(ans.Errors, e.Error())
		}
		if err := out.Encode(ans); err != nil {
			os.Exit(1)
		}
	}
}
