enum _PlaceholderSiagaStore {}
