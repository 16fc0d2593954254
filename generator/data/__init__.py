"""Reading and checking data/: strict YAML, the schemas, the Data model, references, rule numbers, lints; imports no other room."""
