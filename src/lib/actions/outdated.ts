// A stored action list joins the saved segmentation and the Churn page's scores as they were when it was
// built; saving either again afterwards (the Monitor's or the tree's "Target in the action list", a new
// training) leaves the list behind, which the Actions page then says.

export interface ListSources {
  useSavedSegments: boolean;
  useSavedChurn: boolean;
}

export interface SavedNow {
  savedSegmentation: { name: string; createdAt: number } | null;
  savedChurn: { createdAt: string } | null;
}

/** "Built before the segmentation “Newly high risk” was saved: build again", or null when the list is current. */
export function outdatedNotice(builtAt: number, used: ListSources, saved: SavedNow): string | null {
  const what: string[] = [];
  const seg = saved.savedSegmentation;
  if (used.useSavedSegments && seg && seg.createdAt > builtAt) what.push(`the segmentation “${seg.name}”`);
  const churn = saved.savedChurn;
  if (used.useSavedChurn && churn && Date.parse(churn.createdAt) > builtAt) what.push("the Churn page's scores");
  if (what.length === 0) return null;
  return `Built before ${what.join(' and ')} ${what.length > 1 ? 'were' : 'was'} saved: build again.`;
}
