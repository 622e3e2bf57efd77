"""Flow monitoring and early warning: observed movements, count series and their detectors."""
