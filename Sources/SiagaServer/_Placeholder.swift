enum _PlaceholderSiagaServer {}
