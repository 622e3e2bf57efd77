"""Imports of measures: OxCGRT CSV and the Passage template (CSV, XLSX, HXL), one pipeline."""
