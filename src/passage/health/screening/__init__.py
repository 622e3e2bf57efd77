"""SOP screening at a point of entry, classified by a pure engine from versioned disease
criteria that administrators edit without code."""
