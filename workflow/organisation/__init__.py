"""Organisation (组织): the county file and its townships, the 7+9+N team directory and its
fold, organisation events and rules (enlist, certificates, removal, personnel opinions),
the service that records them, `casework init`, and the catalogue of enforcement matters
(执法事项清单)."""
