enum _PlaceholderSiagaTestSupport {}
