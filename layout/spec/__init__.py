"""spec stage: YAML file → validated Spec, every value with its source position."""

from .inputs import shown, spec_inputs
from .model import (
    Block,
    Box,
    Cell,
    Chart,
    Datum,
    FontRef,
    Header,
    Label,
    Meta,
    Output,
    Paragraph,
    Photo,
    Rule,
    Spec,
    Style,
)
from .validate import json_schema, load_spec

__all__ = ["Block", "Box", "Cell", "Chart", "Datum", "FontRef", "Header", "Label", "Meta",
           "Output", "Paragraph", "Photo", "Rule", "Spec", "Style", "json_schema", "load_spec",
           "shown", "spec_inputs"]
