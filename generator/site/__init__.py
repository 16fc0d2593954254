"""The pages and the build: MkDocs hooks, page modules and templates, the build command and its publishing; imports browser, rules, links, data."""
