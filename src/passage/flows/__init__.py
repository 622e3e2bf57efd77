"""Flow monitoring: points, the registry of observed movements, imported count series, the
alerts the detectors raise (engine in `flows.engine`) and their exports."""
