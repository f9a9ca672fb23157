/**
 * Which web permissions the window gets. Requests: only notifications (the console's own).
 * Checks (navigator.permissions.query, synchronous feature checks): always denied, so no
 * feature is silently reported as granted.
 */
export function allowPermissionRequest(permission: string): boolean {
  return permission === 'notifications';
}

export function allowPermissionCheck(_permission: string): boolean {
  return false;
}
