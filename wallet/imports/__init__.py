"""Import layer: the connector contract, registry, pipeline and record writer."""
