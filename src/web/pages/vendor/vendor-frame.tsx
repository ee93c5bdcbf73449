// The frame of an external vendor's pages (no account): the public header, and a footer that says what the pages show.
import { PublicFrame } from '../../components/open-frame.tsx';

/** Around /vendor/access and /vendor/cases/:id. */
export function VendorFrame() {
  return (
    <PublicFrame
      brandTo="/vendor/access"
      brandLabel="OpenISAO: coordinated vulnerability disclosure"
      tagline="Coordinated vulnerability disclosure for medical devices"
      actions={null}
      footer="OpenISAO · Your statements and messages are read only by the ISAO’s coordinators. Keep the link and this page to yourself."
    />
  );
}
