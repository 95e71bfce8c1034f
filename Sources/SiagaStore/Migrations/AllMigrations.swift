/// Every migration, in order. Append only.
public enum AllMigrations {
    public static let list: [any Migration] = [
        M0001_CreateRegionsAndAgencies(),
        M0002_CreateEventLog(),
        M0003_CreateIncidents(),
        M0004_CreateCalls(),
        M0005_CreateIdempotencyKeys(),
        M0006_CreateUnitsAndMatrixVersions(),
        M0007_CreateWilayah(),
        M0008_CreatePosko(),
        M0009_CreateAMLMessages(),
        M0010_CreateUsersSessionsTokensAudit(),
        M0011_CreateIncidentAgencies(),
        M0012_CreateShiftsAndHandovers(),
        M0013_RemoveCallerNumbersFromSearchText(),
        M0014_CreateLandmarks(),
        M0015_CreateResponseAccountability(),
        M0016_CreateConsolePresence(),
        M0017_CoverCallReports(),
        M0018_IndexCallerHistory(),
        M0019_AddAMLJurisdiction(),
        M0020_CreateWriteProbe(),
        M0021_CreateTelephony(),
        M0022_CreateNotices(),
        M0023_CreateWarnings(),
        M0024_CreateCAPAlerts(),
    ]
}
