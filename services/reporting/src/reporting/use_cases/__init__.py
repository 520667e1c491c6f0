"""What the report routes (and the gauges) do: query the read models, finish the figures."""
