"""locust load tests: drive a running one111 from outside, as its users do."""
