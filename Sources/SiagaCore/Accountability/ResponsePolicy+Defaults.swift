extension ResponsePolicy {
    /// The targets a region starts with, until its own regulation says otherwise. Where a standard defines the
    /// interval the P1 figure is the standard's; lower priorities get longer local defaults.
    ///
    /// - Call answering, 15 s for every call (priority is not known while it rings): NENA-STA-020.1, 90 % of
    ///   emergency calls answered within 15 seconds.
    /// - Call processing, P1 60 s: NFPA 1225 (2022) §7.4.2, alarm processing for the highest-priority calls within
    ///   60 seconds 90 % of the time; 90 s, its 99 % figure, for P2.
    /// - Alarm answering by the agency, P1 60 s: NFPA 1710 asks 15 s to answer and 30 s to transfer an alarm; a
    ///   minute leaves room for agencies that acknowledge by phone or radio through the call taker.
    /// - Unit assignment, P1 2 min, and turnout + travel, P1 13 min: together with the steps before, they keep the
    ///   15-minute response time of the fire service's minimum service standard (Permendagri 114/2018);
    ///   NFPA 1710's 80 s turnout and 240 s travel suit dense cities, not a regency.
    /// - On-scene handling: local targets only, a prompt to follow up rather than a standard.
    public static let defaults = ResponsePolicy(targets: defaultTargets)

    private static let defaultTargets: [Target] = {
        let nena = "NENA-STA-020.1"
        let nfpa1225 = "NFPA 1225 §7.4.2"
        let nfpa1710 = "NFPA 1710 §4.1.2.3"
        let spm = "Permendagri 114/2018"
        let local = "default Siaga112"
        let rows: [(ResponseInterval, [Int], String)] = [
            (.callProcessing, [60, 90, 120, 180], nfpa1225),
            (.alarmAnswering, [60, 120, 300, 900], nfpa1710),
            (.unitAssignment, [120, 300, 900, 3600], spm),
            (.turnoutAndTravel, [780, 1800, 3600, 4 * 3600], spm),
            (.onSceneHandling, [4 * 3600, 6 * 3600, 8 * 3600, 24 * 3600], local),
        ]
        var targets = [Target(.callAnswering, nil, seconds: 15, basis: nena)]
        for (interval, seconds, basis) in rows {
            for (priority, value) in zip(Priority.allCases, seconds) {
                targets.append(Target(interval, priority, seconds: value, basis: priority == .p1 ? basis : local))
            }
        }
        return targets
    }()
}
