"""Charts drawn from spec data (bar, ring, big-number callouts).

Reserved for the chart blocks: the spec has no chart block type yet, and nothing imports this
package. It will import matplotlib lazily, only for specs that contain charts.
"""
