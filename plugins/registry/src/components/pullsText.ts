/** A repository's pull count as shown: "1 pull", "2 pulls". */
export function pullsText(count: number): string {
  return `${count} ${count === 1 ? 'pull' : 'pulls'}`;
}
