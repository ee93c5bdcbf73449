// The frame of the report and tracking pages, which anyone may open: the signed-in layout for people signed in, a
// public header for everyone else.
import { Link } from 'react-router-dom';
import { OpenFrame, PublicFrame } from '../../components/open-frame.tsx';

function PublicReportFrame() {
  return (
    <PublicFrame
      brandTo="/report"
      brandLabel="OpenISAO: report a vulnerability"
      tagline="Coordinated vulnerability disclosure for medical devices"
      actions={
        <>
          <Link to="/advisories" className="userbox-link">
            Advisories
          </Link>
          <Link to="/login" className="button button-small button-on-dark">
            Member sign in
          </Link>
        </>
      }
      footer="OpenISAO · Reports are read only by the ISAO’s coordinators, who share them with the manufacturer to get them fixed."
    />
  );
}

/** The signed-in layout or the public frame; signed out or a failed session check, the report form works anyway. */
export function ReportFrame() {
  return <OpenFrame publicFrame={<PublicReportFrame />} publicOnError />;
}
