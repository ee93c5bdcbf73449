/** The participant agreement members accept when they apply; its version is recorded as FDA evidence. */
export const participantAgreement = {
  version: '2026-01',
  title: 'OpenISAO Participant Agreement',
  text: `1. Purpose. The ISAO exists so that medical-device manufacturers, healthcare delivery organisations, researchers and partners can share cybersecurity information to protect patients. Participation is voluntary.

2. Traffic Light Protocol. Everything shared carries a TLP 2.0 label. You will respect it: TLP:RED only for the named recipients; TLP:AMBER+STRICT only within your organisation; TLP:AMBER within your organisation and its clients on a need-to-know basis; TLP:GREEN within the community, never public; TLP:CLEAR without restriction.

3. Confidentiality. You will not try to identify contributors who shared anonymously, and you will not disclose the membership of confidential sharing groups.

4. Coordinated disclosure. Vulnerability information under embargo stays with its named participants until the embargo passes.

5. Regulatory evidence. The ISAO records your organisation's participation, including acceptance of this agreement, customer communications you share and the handling of vulnerabilities, so that you can demonstrate active participation in an ISAO to regulators (FDA, Postmarket Management of Cybersecurity in Medical Devices, section VII.B and IX).

6. Accounts. You keep your credentials secret, use two-factor authentication where your organisation requires it, and tell the ISAO at once of any suspected compromise.

7. Withdrawal. Either party may end participation with notice; information already shared remains under its TLP label.`,
} as const;
