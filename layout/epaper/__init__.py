"""The edition published on the web: a static 数字报 (e-paper) site made from the page model,
and the articles the tagged PDF and the site both read."""
