"""What the browser gets besides pages: the calculator's files, the CSP, inline scripts, the search worker fix; imports rules, links, data."""
