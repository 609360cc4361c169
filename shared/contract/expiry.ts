import { z } from 'zod';

/** Where a certificate (or the soonest of a chain) stands in time, as the core judges it. */
export const ExpiryStatus = z.enum(['expired', 'expiring-soon', 'valid', 'not-yet-valid']);
export type ExpiryStatus = z.infer<typeof ExpiryStatus>;

/** A certificate that ends within the asked number of days (or has ended), and the entry holding it. */
export const ExpiringCertificate = z.object({
  alias: z.string(),
  subject: z.string(),
  notAfter: z.string(),
  daysLeft: z.number().int(),
});
export type ExpiringCertificate = z.infer<typeof ExpiringCertificate>;
