"""spec stage: YAML file → validated Spec, every value with its source position."""

from .build import load_spec
from .inputs import shown, spec_inputs
from .model import (
    BlockBase,
    Box,
    Caption,
    Cell,
    Chart,
    Datum,
    FontRef,
    Header,
    Heading,
    Label,
    Meta,
    Output,
    Paragraph,
    Photo,
    Rule,
    Spec,
    Style,
)
from .tree import json_schema

__all__ = ["BlockBase", "Box", "Caption", "Cell", "Chart", "Datum", "FontRef", "Header",
           "Heading", "Label", "Meta", "Output", "Paragraph", "Photo", "Rule", "Spec", "Style",
           "json_schema", "load_spec", "shown", "spec_inputs"]
