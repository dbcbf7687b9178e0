// The three benchmarked operations, shared by the gateway and N+1 benches.

/** (a) One department's data: routed to that department alone. */
export const SINGLE_DEPARTMENT = `query SingleDepartment {
  inspectors(department: "SAMR", first: 20) { totalCount edges { node { id name certificateNumber status expertise } } }
  checklist(department: "SAMR", status: PUBLISHED) { code name category method }
}`;

/** (b) The joint office's overview (the web app's query): the registry, then every department's summary. */
export const OVERVIEW = `query Overview {
  departments { code name summary { publishedItems poolSize activeInspectors } }
  drawRounds { id name state stats { visits departmentDraws doorsSaved jointTasks goal jointShare { department share meetsGoal } } }
  deadlineSummary { department overdue dueSoon }
}`;

/** (c) Deep: tasks → market entities → participating departments → each department's inspectors. */
export const DEEP = `query Deep($round: ID) {
  tasks(roundId: $round) {
    id creditCode joint
    entity { name creditClass industryName }
    participatingDepartments { code name inspectors(first: 3) { totalCount edges { node { name certificateNumber status } } } }
  }
}`;
