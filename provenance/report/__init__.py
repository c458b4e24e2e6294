"""Reports: render an audit (or extracted documents) for people and for machines."""
