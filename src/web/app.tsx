// The application shell: query client, router, app-wide auth handling and every route.
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useNavigate } from 'react-router-dom';
import { ApiError, onAuthProblem } from './api/client.ts';
import { meKey } from './api/me.ts';
import { RequireActiveMember, RequireRole, RequireSignedIn } from './components/guards.tsx';
import { auditRoles, operatorStaffRoles, orgAdminRoles } from './lib/roles.ts';
import { AccountSecurityPage } from './pages/account-security-page.tsx';
import { AdvisoriesPage } from './pages/advisories-page.tsx';
import { AdvisoryFrame } from './pages/advisory/advisory-frame.tsx';
import { AdvisoryPage } from './pages/advisory-page.tsx';
import { AdminApplicationsPage } from './pages/admin-applications-page.tsx';
import { AdminOrganisationsPage } from './pages/admin-organisations-page.tsx';
import { ApplyConfirmPage } from './pages/apply-confirm-page.tsx';
import { ApplyPage } from './pages/apply-page.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { CaseNewPage } from './pages/case-new-page.tsx';
import { CasePage } from './pages/case-page.tsx';
import { CasesPage } from './pages/cases-page.tsx';
import { ChannelPage } from './pages/forum/channel-page.tsx';
import { ForumPage } from './pages/forum/forum-page.tsx';
import { ModerationPage } from './pages/forum/moderation-page.tsx';
import { NotificationsPage } from './pages/forum/notifications-page.tsx';
import { ForumSearchPage } from './pages/forum/search-page.tsx';
import { ThreadPage } from './pages/forum/thread-page.tsx';
import { WebhooksPage } from './pages/forum/webhooks-page.tsx';
import { MessagesPage } from './pages/messages/messages-page.tsx';
import { NewMessagePage } from './pages/messages/new-message-page.tsx';
import { GroupDetailPage } from './pages/group-detail-page.tsx';
import { GroupsPage } from './pages/groups-page.tsx';
import { HomePage } from './pages/home-page.tsx';
import { InvitePage } from './pages/invite-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { NoticeDetailPage } from './pages/notice-detail-page.tsx';
import { NoticesPage } from './pages/notices-page.tsx';
import { AdminOrganisationPage, OrganisationPage } from './pages/organisation-page.tsx';
import { PendingPage } from './pages/pending-page.tsx';
import { ProductPage } from './pages/product-page.tsx';
import { ProductsPage } from './pages/products-page.tsx';
import { ReportFrame } from './pages/report/report-frame.tsx';
import { ReportPage } from './pages/report-page.tsx';
import { ReportTrackPage } from './pages/report-track-page.tsx';
import { SbomDiffPage } from './pages/sbom-diff-page.tsx';
import { SbomPage } from './pages/sbom-page.tsx';
import { TriagePage } from './pages/triage-page.tsx';
import { TriageReportPage } from './pages/triage-report-page.tsx';
import { VendorAccessPage } from './pages/vendor/vendor-access-page.tsx';
import { VendorCasePage } from './pages/vendor/vendor-case-page.tsx';
import { VendorFrame } from './pages/vendor/vendor-frame.tsx';
import { VulnDbPage } from './pages/vulndb-page.tsx';
import { VulnerabilityPage } from './pages/vulnerability-page.tsx';

/** One query client: client errors (4xx) are not retried, server/network errors twice. */
function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}

/** Reacts to signed-out, MFA-enrolment-required and membership-pending answers from any request. */
function AuthProblemBridge() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  useEffect(() => {
    onAuthProblem((problem) => {
      if (problem === 'unauthenticated') {
        queryClient.setQueryData(meKey, null);
      } else if (problem === 'mfa_enrolment_required') {
        void queryClient.invalidateQueries({ queryKey: meKey, exact: true });
        void navigate('/account/security');
      } else {
        void queryClient.invalidateQueries({ queryKey: meKey, exact: true });
        void navigate('/pending');
      }
    });
    return () => onAuthProblem(null);
  }, [queryClient, navigate]);
  return null;
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/apply" element={<ApplyPage />} />
      <Route path="/apply/confirm/:token" element={<ApplyConfirmPage />} />
      <Route path="/invite/:token" element={<InvitePage />} />
      <Route element={<ReportFrame />}>
        <Route path="/report" element={<ReportPage />} />
        <Route path="/report/track" element={<ReportTrackPage />} />
      </Route>
      {/* External vendors (no account), through their one-time link. */}
      <Route element={<VendorFrame />}>
        <Route path="/vendor/access" element={<VendorAccessPage />} />
        <Route path="/vendor/cases/:id" element={<VendorCasePage />} />
      </Route>
      <Route element={<AdvisoryFrame />}>
        <Route path="/advisories" element={<AdvisoriesPage />} />
        <Route path="/advisories/:id" element={<AdvisoryPage />} />
      </Route>
      <Route element={<RequireSignedIn />}>
        <Route path="/pending" element={<PendingPage />} />
        <Route path="/account/security" element={<AccountSecurityPage />} />
        <Route element={<RequireActiveMember />}>
          <Route index element={<HomePage />} />
          <Route path="/notices" element={<NoticesPage />} />
          <Route path="/notices/:id" element={<NoticeDetailPage />} />
          <Route path="/groups" element={<GroupsPage />} />
          <Route path="/groups/:id" element={<GroupDetailPage />} />
          <Route path="/products" element={<ProductsPage />} />
          <Route path="/products/:id" element={<ProductPage />} />
          <Route path="/sboms/:id" element={<SbomPage />} />
          <Route path="/sboms/:id/diff/:otherId" element={<SbomDiffPage />} />
          <Route path="/vulnerability-data" element={<VulnDbPage />} />
          <Route path="/vulnerabilities/:id" element={<VulnerabilityPage />} />
          <Route path="/cases" element={<CasesPage />} />
          <Route path="/cases/:id" element={<CasePage />} />
          <Route path="/forum" element={<ForumPage />} />
          <Route path="/forum/channels/:id" element={<ChannelPage />} />
          <Route path="/forum/threads/:id" element={<ThreadPage />} />
          <Route path="/forum/search" element={<ForumSearchPage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="/messages" element={<MessagesPage />} />
          <Route path="/messages/new" element={<NewMessagePage />} />
          <Route path="/messages/:id" element={<ThreadPage />} />
          <Route element={<RequireRole roles={orgAdminRoles} />}>
            <Route path="/organisation" element={<OrganisationPage />} />
            <Route path="/organisation/webhooks" element={<WebhooksPage />} />
          </Route>
          <Route element={<RequireRole roles={operatorStaffRoles} />}>
            <Route path="/admin" element={<Navigate to="/admin/applications" replace />} />
            <Route path="/admin/applications" element={<AdminApplicationsPage />} />
            <Route path="/admin/organisations" element={<AdminOrganisationsPage />} />
            <Route path="/admin/organisations/:id" element={<AdminOrganisationPage />} />
            <Route path="/cases/new" element={<CaseNewPage />} />
            <Route path="/triage" element={<TriagePage />} />
            <Route path="/triage/:id" element={<TriageReportPage />} />
            <Route path="/forum/moderation" element={<ModerationPage />} />
          </Route>
          <Route element={<RequireRole roles={auditRoles} />}>
            <Route path="/audit" element={<AuditPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}

/** The whole web UI. */
export function App() {
  const queryClient = makeQueryClientOnce();
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <AuthProblemBridge />
        <AppRoutes />
      </BrowserRouter>
    </QueryClientProvider>
  );
}

let sharedClient: QueryClient | null = null;
function makeQueryClientOnce(): QueryClient {
  sharedClient ??= makeQueryClient();
  return sharedClient;
}
