/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query SmsCopy {\n    entry(id: \"m1\") {\n      id\n      ... on SmsEntry {\n        status\n        statusUpdatedAt\n        errorCode\n      }\n    }\n  }\n": typeof types.SmsCopyDocument,
    "\n  mutation StartCall($contactId: ID!) {\n    startCall(contactId: $contactId) {\n      id\n      ...CallEntryItem_entry\n    }\n  }\n": typeof types.StartCallDocument,
    "\n  query CannedReplyVariables {\n    cannedReplyVariables\n  }\n": typeof types.CannedReplyVariablesDocument,
    "\n  mutation DeleteCannedReply($id: ID!) {\n    deleteCannedReply(id: $id)\n  }\n": typeof types.DeleteCannedReplyDocument,
    "\n  mutation CreateCannedReply($input: CreateCannedReplyInput!) {\n    createCannedReply(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateCannedReplyDocument,
    "\n  mutation UpdateCannedReply($id: ID!, $input: UpdateCannedReplyInput!) {\n    updateCannedReply(id: $id, input: $input) {\n      id\n    }\n  }\n": typeof types.UpdateCannedReplyDocument,
    "\n  query CannedReplies {\n    cannedReplies {\n      id\n      title\n      body\n      shortcut\n      variables\n      updatedAt\n      createdBy {\n        id\n        name\n      }\n    }\n  }\n": typeof types.CannedRepliesDocument,
    "\n  query Composer {\n    phoneNumbers {\n      id\n      phoneNumber\n      capabilities {\n        sms\n      }\n    }\n    me {\n      agent {\n        id\n        name\n      }\n      account {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ComposerDocument,
    "\n  mutation ReportTyping($contactId: ID!, $typing: Boolean!) {\n    reportTyping(contactId: $contactId, typing: $typing)\n  }\n": typeof types.ReportTypingDocument,
    "\n  subscription ConversationActivity($contactId: ID!) {\n    conversationActivity(contactId: $contactId) {\n      kind\n      at\n      expiresAt\n      agent {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ConversationActivityDocument,
    "\n  mutation SendSms($input: SendSmsInput!) {\n    sendSms(input: $input) {\n      id\n      ...SmsEntryItem_entry\n    }\n  }\n": typeof types.SendSmsDocument,
    "\n  fragment ContactHeader_contact on Contact {\n    id\n    name\n    phoneNumbers\n    email\n    company\n    smsOptedOut\n    timeZone\n    localTimeZone\n    status\n    snoozedUntil\n    assignee {\n      id\n      name\n    }\n  }\n": typeof types.ContactHeader_ContactFragmentDoc,
    "\n  mutation AssignConversation($contactId: ID!, $agentId: ID) {\n    assignConversation(contactId: $contactId, agentId: $agentId) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n": typeof types.AssignConversationDocument,
    "\n  mutation SetConversationStatus($contactId: ID!, $status: ConversationStatus!, $snoozedUntil: DateTimeISO) {\n    setConversationStatus(contactId: $contactId, status: $status, snoozedUntil: $snoozedUntil) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n": typeof types.SetConversationStatusDocument,
    "\n  fragment ContactRow_contact on Contact {\n    id\n    name\n    phoneNumbers\n    company\n    lastActivityAt\n    unreadCount\n    lastMessage {\n      at\n      direction\n      preview\n    }\n  }\n": typeof types.ContactRow_ContactFragmentDoc,
    "\n  query ContactsDirectory($search: String, $after: String) {\n    contacts(search: $search, first: 30, after: $after) {\n      edges {\n        node {\n          id\n          ...ContactRow_contact\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ContactsDirectoryDocument,
    "\n  mutation SetContactTimeZone($id: ID!, $timeZone: String) {\n    updateContact(id: $id, input: { timeZone: $timeZone }) {\n      id\n      timeZone\n      localTimeZone\n    }\n  }\n": typeof types.SetContactTimeZoneDocument,
    "\n  query ContactTimeline($id: ID!, $after: String, $types: [EntryType!]) {\n    contact(id: $id) {\n      id\n      name\n      phoneNumbers\n      unreadCount\n      smsOptedOut\n      ...ContactHeader_contact\n      timeline(first: 20, after: $after, types: $types) {\n        edges {\n          node {\n            id\n            ...TimelineEntry_entry\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.ContactTimelineDocument,
    "\n  query CustomerPhone {\n    phoneNumbers {\n      id\n      phoneNumber\n      capabilities {\n        sms\n        voice\n      }\n    }\n  }\n": typeof types.CustomerPhoneDocument,
    "\n  mutation AssignConversations($contactIds: [ID!]!, $agentId: ID) {\n    assignConversations(contactIds: $contactIds, agentId: $agentId) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n": typeof types.AssignConversationsDocument,
    "\n  mutation SetConversationsStatus($contactIds: [ID!]!, $status: ConversationStatus!) {\n    setConversationsStatus(contactIds: $contactIds, status: $status) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n": typeof types.SetConversationsStatusDocument,
    "\n  fragment ConversationRow_contact on Contact {\n    id\n    name\n    phoneNumbers\n    lastActivityAt\n    unreadCount\n    smsOptedOut\n    status\n    nextScheduledSmsAt\n    assignee {\n      id\n      name\n    }\n    lastMessage {\n      at\n      direction\n      preview\n    }\n  }\n": typeof types.ConversationRow_ContactFragmentDoc,
    "\n  query Inbox($after: String, $filter: ConversationFilter) {\n    conversations(first: 30, after: $after, filter: $filter) {\n      edges {\n        node {\n          id\n          ...ConversationRow_contact\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.InboxDocument,
    "\n  query InboxCounts {\n    conversationCounts {\n      mine\n      unassigned\n      open\n      pending\n      resolved\n    }\n  }\n": typeof types.InboxCountsDocument,
    "\n  subscription LiveConversationUpdated {\n    conversationUpdated {\n      id\n      smsOptedOut\n      ...ConversationRow_contact\n      ...ContactRow_contact\n    }\n  }\n": typeof types.LiveConversationUpdatedDocument,
    "\n  subscription LiveInboundActivity {\n    inboundActivity {\n      __typename\n      id\n      contact {\n        id\n        name\n        assignee {\n          id\n        }\n      }\n      ... on SmsEntry {\n        body\n        media {\n          url\n        }\n      }\n      ... on VoicemailEntry {\n        duration\n      }\n      ...TimelineEntry_entry\n    }\n  }\n": typeof types.LiveInboundActivityDocument,
    "\n  mutation MarkConversationRead($contactId: ID!) {\n    markConversationRead(contactId: $contactId) {\n      id\n      unreadCount\n    }\n  }\n": typeof types.MarkConversationReadDocument,
    "\n  query Team {\n    agents {\n      id\n      name\n    }\n  }\n": typeof types.TeamDocument,
    "\n  query SmsLookup($search: String!) {\n    contacts(search: $search, first: 10) {\n      edges {\n        node {\n          id\n          name\n          phoneNumbers\n        }\n      }\n    }\n  }\n": typeof types.SmsLookupDocument,
    "\n  mutation CreateSmsContact($input: CreateContactInput!) {\n    createContact(input: $input) {\n      id\n      name\n      phoneNumbers\n      smsOptedOut\n    }\n  }\n": typeof types.CreateSmsContactDocument,
    "\n  fragment ScheduledSmsItem_entry on ScheduledSmsEntry {\n    id\n    createdAt\n    body\n    scheduledStatus: status\n    scheduledFor\n    scheduledSegments: segments\n    cancelReason\n    agent {\n      id\n      name\n    }\n    canceledBy {\n      id\n      name\n    }\n  }\n": typeof types.ScheduledSmsItem_EntryFragmentDoc,
    "\n  query ScheduledSms($id: ID!) {\n    contact(id: $id) {\n      id\n      localTimeZone\n      scheduledSms {\n        id\n        ...ScheduledSmsItem_entry\n      }\n    }\n  }\n": typeof types.ScheduledSmsDocument,
    "\n  mutation ScheduleSms($input: ScheduleSmsInput!) {\n    scheduleSms(input: $input) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n": typeof types.ScheduleSmsDocument,
    "\n  mutation RescheduleSms($id: ID!, $sendAt: DateTimeISO!) {\n    rescheduleSms(entryId: $id, sendAt: $sendAt) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n": typeof types.RescheduleSmsDocument,
    "\n  mutation EditScheduledSms($id: ID!, $body: String!) {\n    editScheduledSms(entryId: $id, body: $body) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n": typeof types.EditScheduledSmsDocument,
    "\n  mutation CancelScheduledSms($id: ID!) {\n    cancelScheduledSms(entryId: $id) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n": typeof types.CancelScheduledSmsDocument,
    "\n  query LoginPage {\n    serverInfo {\n      simulator\n    }\n  }\n": typeof types.LoginPageDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      agent {\n        id\n        name\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query ViewerId {\n    me {\n      agent {\n        id\n      }\n    }\n  }\n": typeof types.ViewerIdDocument,
    "\n  fragment ViewerMenu_viewer on Viewer {\n    agent {\n      id\n      name\n    }\n    account {\n      id\n      name\n    }\n  }\n": typeof types.ViewerMenu_ViewerFragmentDoc,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n": typeof types.SignOutEverywhereDocument,
    "\n  fragment CallEntryItem_entry on CallEntry {\n    id\n    createdAt\n    callDirection: direction\n    callStatus: status\n    duration\n    errorMessage\n    agent {\n      id\n      name\n    }\n  }\n": typeof types.CallEntryItem_EntryFragmentDoc,
    "\n  fragment ConversationEventItem_entry on ConversationEventEntry {\n    id\n    createdAt\n    kind\n    text\n  }\n": typeof types.ConversationEventItem_EntryFragmentDoc,
    "\n  fragment NoteEntryItem_entry on NoteEntry {\n    id\n    createdAt\n    body\n    agent {\n      id\n      name\n    }\n  }\n": typeof types.NoteEntryItem_EntryFragmentDoc,
    "\n  mutation CreateNote($contactId: ID!, $body: String!) {\n    createNote(contactId: $contactId, body: $body) {\n      id\n      ...NoteEntryItem_entry\n    }\n  }\n": typeof types.CreateNoteDocument,
    "\n  fragment SmsEntryItem_entry on SmsEntry {\n    id\n    createdAt\n    body\n    direction\n    status\n    statusUpdatedAt\n    canRetry\n    dismissedAt\n    dismissedBy {\n      id\n      name\n    }\n    errorCode\n    errorMessage\n    retryCount\n    segments\n    encoding\n    talkdeskPhoneNumber\n    agent {\n      id\n      name\n    }\n    media {\n      url\n      contentType\n    }\n    quietHoursOverride {\n      reason\n      localTime\n    }\n  }\n": typeof types.SmsEntryItem_EntryFragmentDoc,
    "\n  mutation RetrySms($entryId: ID!) {\n    retrySms(entryId: $entryId) {\n      id\n      ...SmsEntryItem_entry\n    }\n  }\n": typeof types.RetrySmsDocument,
    "\n  mutation DismissSms($entryId: ID!) {\n    dismissSms(entryId: $entryId) {\n      id\n      ...SmsEntryItem_entry\n    }\n  }\n": typeof types.DismissSmsDocument,
    "\n  fragment TimelineEntry_entry on Entry {\n    __typename\n    id\n    createdAt\n    ...CallEntryItem_entry\n    ...VoicemailEntryItem_entry\n    ...NoteEntryItem_entry\n    ...SmsEntryItem_entry\n    ...ConversationEventItem_entry\n    ...ScheduledSmsItem_entry\n  }\n": typeof types.TimelineEntry_EntryFragmentDoc,
    "\n  subscription ContactTimelineUpdated($contactId: ID!) {\n    timelineUpdated(contactId: $contactId) {\n      __typename\n      id\n      ...TimelineEntry_entry\n    }\n  }\n": typeof types.ContactTimelineUpdatedDocument,
    "\n  fragment VoicemailEntryItem_entry on VoicemailEntry {\n    id\n    createdAt\n    duration\n    record\n  }\n": typeof types.VoicemailEntryItem_EntryFragmentDoc,
    "\n  query AppShell {\n    me {\n      ...ViewerMenu_viewer\n    }\n    serverInfo {\n      simulator\n    }\n  }\n": typeof types.AppShellDocument,
};
const documents: Documents = {
    "\n  query SmsCopy {\n    entry(id: \"m1\") {\n      id\n      ... on SmsEntry {\n        status\n        statusUpdatedAt\n        errorCode\n      }\n    }\n  }\n": types.SmsCopyDocument,
    "\n  mutation StartCall($contactId: ID!) {\n    startCall(contactId: $contactId) {\n      id\n      ...CallEntryItem_entry\n    }\n  }\n": types.StartCallDocument,
    "\n  query CannedReplyVariables {\n    cannedReplyVariables\n  }\n": types.CannedReplyVariablesDocument,
    "\n  mutation DeleteCannedReply($id: ID!) {\n    deleteCannedReply(id: $id)\n  }\n": types.DeleteCannedReplyDocument,
    "\n  mutation CreateCannedReply($input: CreateCannedReplyInput!) {\n    createCannedReply(input: $input) {\n      id\n    }\n  }\n": types.CreateCannedReplyDocument,
    "\n  mutation UpdateCannedReply($id: ID!, $input: UpdateCannedReplyInput!) {\n    updateCannedReply(id: $id, input: $input) {\n      id\n    }\n  }\n": types.UpdateCannedReplyDocument,
    "\n  query CannedReplies {\n    cannedReplies {\n      id\n      title\n      body\n      shortcut\n      variables\n      updatedAt\n      createdBy {\n        id\n        name\n      }\n    }\n  }\n": types.CannedRepliesDocument,
    "\n  query Composer {\n    phoneNumbers {\n      id\n      phoneNumber\n      capabilities {\n        sms\n      }\n    }\n    me {\n      agent {\n        id\n        name\n      }\n      account {\n        id\n        name\n      }\n    }\n  }\n": types.ComposerDocument,
    "\n  mutation ReportTyping($contactId: ID!, $typing: Boolean!) {\n    reportTyping(contactId: $contactId, typing: $typing)\n  }\n": types.ReportTypingDocument,
    "\n  subscription ConversationActivity($contactId: ID!) {\n    conversationActivity(contactId: $contactId) {\n      kind\n      at\n      expiresAt\n      agent {\n        id\n        name\n      }\n    }\n  }\n": types.ConversationActivityDocument,
    "\n  mutation SendSms($input: SendSmsInput!) {\n    sendSms(input: $input) {\n      id\n      ...SmsEntryItem_entry\n    }\n  }\n": types.SendSmsDocument,
    "\n  fragment ContactHeader_contact on Contact {\n    id\n    name\n    phoneNumbers\n    email\n    company\n    smsOptedOut\n    timeZone\n    localTimeZone\n    status\n    snoozedUntil\n    assignee {\n      id\n      name\n    }\n  }\n": types.ContactHeader_ContactFragmentDoc,
    "\n  mutation AssignConversation($contactId: ID!, $agentId: ID) {\n    assignConversation(contactId: $contactId, agentId: $agentId) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n": types.AssignConversationDocument,
    "\n  mutation SetConversationStatus($contactId: ID!, $status: ConversationStatus!, $snoozedUntil: DateTimeISO) {\n    setConversationStatus(contactId: $contactId, status: $status, snoozedUntil: $snoozedUntil) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n": types.SetConversationStatusDocument,
    "\n  fragment ContactRow_contact on Contact {\n    id\n    name\n    phoneNumbers\n    company\n    lastActivityAt\n    unreadCount\n    lastMessage {\n      at\n      direction\n      preview\n    }\n  }\n": types.ContactRow_ContactFragmentDoc,
    "\n  query ContactsDirectory($search: String, $after: String) {\n    contacts(search: $search, first: 30, after: $after) {\n      edges {\n        node {\n          id\n          ...ContactRow_contact\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ContactsDirectoryDocument,
    "\n  mutation SetContactTimeZone($id: ID!, $timeZone: String) {\n    updateContact(id: $id, input: { timeZone: $timeZone }) {\n      id\n      timeZone\n      localTimeZone\n    }\n  }\n": types.SetContactTimeZoneDocument,
    "\n  query ContactTimeline($id: ID!, $after: String, $types: [EntryType!]) {\n    contact(id: $id) {\n      id\n      name\n      phoneNumbers\n      unreadCount\n      smsOptedOut\n      ...ContactHeader_contact\n      timeline(first: 20, after: $after, types: $types) {\n        edges {\n          node {\n            id\n            ...TimelineEntry_entry\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.ContactTimelineDocument,
    "\n  query CustomerPhone {\n    phoneNumbers {\n      id\n      phoneNumber\n      capabilities {\n        sms\n        voice\n      }\n    }\n  }\n": types.CustomerPhoneDocument,
    "\n  mutation AssignConversations($contactIds: [ID!]!, $agentId: ID) {\n    assignConversations(contactIds: $contactIds, agentId: $agentId) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n": types.AssignConversationsDocument,
    "\n  mutation SetConversationsStatus($contactIds: [ID!]!, $status: ConversationStatus!) {\n    setConversationsStatus(contactIds: $contactIds, status: $status) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n": types.SetConversationsStatusDocument,
    "\n  fragment ConversationRow_contact on Contact {\n    id\n    name\n    phoneNumbers\n    lastActivityAt\n    unreadCount\n    smsOptedOut\n    status\n    nextScheduledSmsAt\n    assignee {\n      id\n      name\n    }\n    lastMessage {\n      at\n      direction\n      preview\n    }\n  }\n": types.ConversationRow_ContactFragmentDoc,
    "\n  query Inbox($after: String, $filter: ConversationFilter) {\n    conversations(first: 30, after: $after, filter: $filter) {\n      edges {\n        node {\n          id\n          ...ConversationRow_contact\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.InboxDocument,
    "\n  query InboxCounts {\n    conversationCounts {\n      mine\n      unassigned\n      open\n      pending\n      resolved\n    }\n  }\n": types.InboxCountsDocument,
    "\n  subscription LiveConversationUpdated {\n    conversationUpdated {\n      id\n      smsOptedOut\n      ...ConversationRow_contact\n      ...ContactRow_contact\n    }\n  }\n": types.LiveConversationUpdatedDocument,
    "\n  subscription LiveInboundActivity {\n    inboundActivity {\n      __typename\n      id\n      contact {\n        id\n        name\n        assignee {\n          id\n        }\n      }\n      ... on SmsEntry {\n        body\n        media {\n          url\n        }\n      }\n      ... on VoicemailEntry {\n        duration\n      }\n      ...TimelineEntry_entry\n    }\n  }\n": types.LiveInboundActivityDocument,
    "\n  mutation MarkConversationRead($contactId: ID!) {\n    markConversationRead(contactId: $contactId) {\n      id\n      unreadCount\n    }\n  }\n": types.MarkConversationReadDocument,
    "\n  query Team {\n    agents {\n      id\n      name\n    }\n  }\n": types.TeamDocument,
    "\n  query SmsLookup($search: String!) {\n    contacts(search: $search, first: 10) {\n      edges {\n        node {\n          id\n          name\n          phoneNumbers\n        }\n      }\n    }\n  }\n": types.SmsLookupDocument,
    "\n  mutation CreateSmsContact($input: CreateContactInput!) {\n    createContact(input: $input) {\n      id\n      name\n      phoneNumbers\n      smsOptedOut\n    }\n  }\n": types.CreateSmsContactDocument,
    "\n  fragment ScheduledSmsItem_entry on ScheduledSmsEntry {\n    id\n    createdAt\n    body\n    scheduledStatus: status\n    scheduledFor\n    scheduledSegments: segments\n    cancelReason\n    agent {\n      id\n      name\n    }\n    canceledBy {\n      id\n      name\n    }\n  }\n": types.ScheduledSmsItem_EntryFragmentDoc,
    "\n  query ScheduledSms($id: ID!) {\n    contact(id: $id) {\n      id\n      localTimeZone\n      scheduledSms {\n        id\n        ...ScheduledSmsItem_entry\n      }\n    }\n  }\n": types.ScheduledSmsDocument,
    "\n  mutation ScheduleSms($input: ScheduleSmsInput!) {\n    scheduleSms(input: $input) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n": types.ScheduleSmsDocument,
    "\n  mutation RescheduleSms($id: ID!, $sendAt: DateTimeISO!) {\n    rescheduleSms(entryId: $id, sendAt: $sendAt) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n": types.RescheduleSmsDocument,
    "\n  mutation EditScheduledSms($id: ID!, $body: String!) {\n    editScheduledSms(entryId: $id, body: $body) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n": types.EditScheduledSmsDocument,
    "\n  mutation CancelScheduledSms($id: ID!) {\n    cancelScheduledSms(entryId: $id) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n": types.CancelScheduledSmsDocument,
    "\n  query LoginPage {\n    serverInfo {\n      simulator\n    }\n  }\n": types.LoginPageDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      agent {\n        id\n        name\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  query ViewerId {\n    me {\n      agent {\n        id\n      }\n    }\n  }\n": types.ViewerIdDocument,
    "\n  fragment ViewerMenu_viewer on Viewer {\n    agent {\n      id\n      name\n    }\n    account {\n      id\n      name\n    }\n  }\n": types.ViewerMenu_ViewerFragmentDoc,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n": types.SignOutEverywhereDocument,
    "\n  fragment CallEntryItem_entry on CallEntry {\n    id\n    createdAt\n    callDirection: direction\n    callStatus: status\n    duration\n    errorMessage\n    agent {\n      id\n      name\n    }\n  }\n": types.CallEntryItem_EntryFragmentDoc,
    "\n  fragment ConversationEventItem_entry on ConversationEventEntry {\n    id\n    createdAt\n    kind\n    text\n  }\n": types.ConversationEventItem_EntryFragmentDoc,
    "\n  fragment NoteEntryItem_entry on NoteEntry {\n    id\n    createdAt\n    body\n    agent {\n      id\n      name\n    }\n  }\n": types.NoteEntryItem_EntryFragmentDoc,
    "\n  mutation CreateNote($contactId: ID!, $body: String!) {\n    createNote(contactId: $contactId, body: $body) {\n      id\n      ...NoteEntryItem_entry\n    }\n  }\n": types.CreateNoteDocument,
    "\n  fragment SmsEntryItem_entry on SmsEntry {\n    id\n    createdAt\n    body\n    direction\n    status\n    statusUpdatedAt\n    canRetry\n    dismissedAt\n    dismissedBy {\n      id\n      name\n    }\n    errorCode\n    errorMessage\n    retryCount\n    segments\n    encoding\n    talkdeskPhoneNumber\n    agent {\n      id\n      name\n    }\n    media {\n      url\n      contentType\n    }\n    quietHoursOverride {\n      reason\n      localTime\n    }\n  }\n": types.SmsEntryItem_EntryFragmentDoc,
    "\n  mutation RetrySms($entryId: ID!) {\n    retrySms(entryId: $entryId) {\n      id\n      ...SmsEntryItem_entry\n    }\n  }\n": types.RetrySmsDocument,
    "\n  mutation DismissSms($entryId: ID!) {\n    dismissSms(entryId: $entryId) {\n      id\n      ...SmsEntryItem_entry\n    }\n  }\n": types.DismissSmsDocument,
    "\n  fragment TimelineEntry_entry on Entry {\n    __typename\n    id\n    createdAt\n    ...CallEntryItem_entry\n    ...VoicemailEntryItem_entry\n    ...NoteEntryItem_entry\n    ...SmsEntryItem_entry\n    ...ConversationEventItem_entry\n    ...ScheduledSmsItem_entry\n  }\n": types.TimelineEntry_EntryFragmentDoc,
    "\n  subscription ContactTimelineUpdated($contactId: ID!) {\n    timelineUpdated(contactId: $contactId) {\n      __typename\n      id\n      ...TimelineEntry_entry\n    }\n  }\n": types.ContactTimelineUpdatedDocument,
    "\n  fragment VoicemailEntryItem_entry on VoicemailEntry {\n    id\n    createdAt\n    duration\n    record\n  }\n": types.VoicemailEntryItem_EntryFragmentDoc,
    "\n  query AppShell {\n    me {\n      ...ViewerMenu_viewer\n    }\n    serverInfo {\n      simulator\n    }\n  }\n": types.AppShellDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SmsCopy {\n    entry(id: \"m1\") {\n      id\n      ... on SmsEntry {\n        status\n        statusUpdatedAt\n        errorCode\n      }\n    }\n  }\n"): (typeof documents)["\n  query SmsCopy {\n    entry(id: \"m1\") {\n      id\n      ... on SmsEntry {\n        status\n        statusUpdatedAt\n        errorCode\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartCall($contactId: ID!) {\n    startCall(contactId: $contactId) {\n      id\n      ...CallEntryItem_entry\n    }\n  }\n"): (typeof documents)["\n  mutation StartCall($contactId: ID!) {\n    startCall(contactId: $contactId) {\n      id\n      ...CallEntryItem_entry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CannedReplyVariables {\n    cannedReplyVariables\n  }\n"): (typeof documents)["\n  query CannedReplyVariables {\n    cannedReplyVariables\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteCannedReply($id: ID!) {\n    deleteCannedReply(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteCannedReply($id: ID!) {\n    deleteCannedReply(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCannedReply($input: CreateCannedReplyInput!) {\n    createCannedReply(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCannedReply($input: CreateCannedReplyInput!) {\n    createCannedReply(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCannedReply($id: ID!, $input: UpdateCannedReplyInput!) {\n    updateCannedReply(id: $id, input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateCannedReply($id: ID!, $input: UpdateCannedReplyInput!) {\n    updateCannedReply(id: $id, input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CannedReplies {\n    cannedReplies {\n      id\n      title\n      body\n      shortcut\n      variables\n      updatedAt\n      createdBy {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query CannedReplies {\n    cannedReplies {\n      id\n      title\n      body\n      shortcut\n      variables\n      updatedAt\n      createdBy {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Composer {\n    phoneNumbers {\n      id\n      phoneNumber\n      capabilities {\n        sms\n      }\n    }\n    me {\n      agent {\n        id\n        name\n      }\n      account {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Composer {\n    phoneNumbers {\n      id\n      phoneNumber\n      capabilities {\n        sms\n      }\n    }\n    me {\n      agent {\n        id\n        name\n      }\n      account {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReportTyping($contactId: ID!, $typing: Boolean!) {\n    reportTyping(contactId: $contactId, typing: $typing)\n  }\n"): (typeof documents)["\n  mutation ReportTyping($contactId: ID!, $typing: Boolean!) {\n    reportTyping(contactId: $contactId, typing: $typing)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConversationActivity($contactId: ID!) {\n    conversationActivity(contactId: $contactId) {\n      kind\n      at\n      expiresAt\n      agent {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ConversationActivity($contactId: ID!) {\n    conversationActivity(contactId: $contactId) {\n      kind\n      at\n      expiresAt\n      agent {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendSms($input: SendSmsInput!) {\n    sendSms(input: $input) {\n      id\n      ...SmsEntryItem_entry\n    }\n  }\n"): (typeof documents)["\n  mutation SendSms($input: SendSmsInput!) {\n    sendSms(input: $input) {\n      id\n      ...SmsEntryItem_entry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContactHeader_contact on Contact {\n    id\n    name\n    phoneNumbers\n    email\n    company\n    smsOptedOut\n    timeZone\n    localTimeZone\n    status\n    snoozedUntil\n    assignee {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment ContactHeader_contact on Contact {\n    id\n    name\n    phoneNumbers\n    email\n    company\n    smsOptedOut\n    timeZone\n    localTimeZone\n    status\n    snoozedUntil\n    assignee {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignConversation($contactId: ID!, $agentId: ID) {\n    assignConversation(contactId: $contactId, agentId: $agentId) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n"): (typeof documents)["\n  mutation AssignConversation($contactId: ID!, $agentId: ID) {\n    assignConversation(contactId: $contactId, agentId: $agentId) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetConversationStatus($contactId: ID!, $status: ConversationStatus!, $snoozedUntil: DateTimeISO) {\n    setConversationStatus(contactId: $contactId, status: $status, snoozedUntil: $snoozedUntil) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n"): (typeof documents)["\n  mutation SetConversationStatus($contactId: ID!, $status: ConversationStatus!, $snoozedUntil: DateTimeISO) {\n    setConversationStatus(contactId: $contactId, status: $status, snoozedUntil: $snoozedUntil) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContactRow_contact on Contact {\n    id\n    name\n    phoneNumbers\n    company\n    lastActivityAt\n    unreadCount\n    lastMessage {\n      at\n      direction\n      preview\n    }\n  }\n"): (typeof documents)["\n  fragment ContactRow_contact on Contact {\n    id\n    name\n    phoneNumbers\n    company\n    lastActivityAt\n    unreadCount\n    lastMessage {\n      at\n      direction\n      preview\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactsDirectory($search: String, $after: String) {\n    contacts(search: $search, first: 30, after: $after) {\n      edges {\n        node {\n          id\n          ...ContactRow_contact\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContactsDirectory($search: String, $after: String) {\n    contacts(search: $search, first: 30, after: $after) {\n      edges {\n        node {\n          id\n          ...ContactRow_contact\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetContactTimeZone($id: ID!, $timeZone: String) {\n    updateContact(id: $id, input: { timeZone: $timeZone }) {\n      id\n      timeZone\n      localTimeZone\n    }\n  }\n"): (typeof documents)["\n  mutation SetContactTimeZone($id: ID!, $timeZone: String) {\n    updateContact(id: $id, input: { timeZone: $timeZone }) {\n      id\n      timeZone\n      localTimeZone\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactTimeline($id: ID!, $after: String, $types: [EntryType!]) {\n    contact(id: $id) {\n      id\n      name\n      phoneNumbers\n      unreadCount\n      smsOptedOut\n      ...ContactHeader_contact\n      timeline(first: 20, after: $after, types: $types) {\n        edges {\n          node {\n            id\n            ...TimelineEntry_entry\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContactTimeline($id: ID!, $after: String, $types: [EntryType!]) {\n    contact(id: $id) {\n      id\n      name\n      phoneNumbers\n      unreadCount\n      smsOptedOut\n      ...ContactHeader_contact\n      timeline(first: 20, after: $after, types: $types) {\n        edges {\n          node {\n            id\n            ...TimelineEntry_entry\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerPhone {\n    phoneNumbers {\n      id\n      phoneNumber\n      capabilities {\n        sms\n        voice\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerPhone {\n    phoneNumbers {\n      id\n      phoneNumber\n      capabilities {\n        sms\n        voice\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignConversations($contactIds: [ID!]!, $agentId: ID) {\n    assignConversations(contactIds: $contactIds, agentId: $agentId) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n"): (typeof documents)["\n  mutation AssignConversations($contactIds: [ID!]!, $agentId: ID) {\n    assignConversations(contactIds: $contactIds, agentId: $agentId) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetConversationsStatus($contactIds: [ID!]!, $status: ConversationStatus!) {\n    setConversationsStatus(contactIds: $contactIds, status: $status) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n"): (typeof documents)["\n  mutation SetConversationsStatus($contactIds: [ID!]!, $status: ConversationStatus!) {\n    setConversationsStatus(contactIds: $contactIds, status: $status) {\n      id\n      ...ContactHeader_contact\n      ...ConversationRow_contact\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConversationRow_contact on Contact {\n    id\n    name\n    phoneNumbers\n    lastActivityAt\n    unreadCount\n    smsOptedOut\n    status\n    nextScheduledSmsAt\n    assignee {\n      id\n      name\n    }\n    lastMessage {\n      at\n      direction\n      preview\n    }\n  }\n"): (typeof documents)["\n  fragment ConversationRow_contact on Contact {\n    id\n    name\n    phoneNumbers\n    lastActivityAt\n    unreadCount\n    smsOptedOut\n    status\n    nextScheduledSmsAt\n    assignee {\n      id\n      name\n    }\n    lastMessage {\n      at\n      direction\n      preview\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inbox($after: String, $filter: ConversationFilter) {\n    conversations(first: 30, after: $after, filter: $filter) {\n      edges {\n        node {\n          id\n          ...ConversationRow_contact\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Inbox($after: String, $filter: ConversationFilter) {\n    conversations(first: 30, after: $after, filter: $filter) {\n      edges {\n        node {\n          id\n          ...ConversationRow_contact\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InboxCounts {\n    conversationCounts {\n      mine\n      unassigned\n      open\n      pending\n      resolved\n    }\n  }\n"): (typeof documents)["\n  query InboxCounts {\n    conversationCounts {\n      mine\n      unassigned\n      open\n      pending\n      resolved\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveConversationUpdated {\n    conversationUpdated {\n      id\n      smsOptedOut\n      ...ConversationRow_contact\n      ...ContactRow_contact\n    }\n  }\n"): (typeof documents)["\n  subscription LiveConversationUpdated {\n    conversationUpdated {\n      id\n      smsOptedOut\n      ...ConversationRow_contact\n      ...ContactRow_contact\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveInboundActivity {\n    inboundActivity {\n      __typename\n      id\n      contact {\n        id\n        name\n        assignee {\n          id\n        }\n      }\n      ... on SmsEntry {\n        body\n        media {\n          url\n        }\n      }\n      ... on VoicemailEntry {\n        duration\n      }\n      ...TimelineEntry_entry\n    }\n  }\n"): (typeof documents)["\n  subscription LiveInboundActivity {\n    inboundActivity {\n      __typename\n      id\n      contact {\n        id\n        name\n        assignee {\n          id\n        }\n      }\n      ... on SmsEntry {\n        body\n        media {\n          url\n        }\n      }\n      ... on VoicemailEntry {\n        duration\n      }\n      ...TimelineEntry_entry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkConversationRead($contactId: ID!) {\n    markConversationRead(contactId: $contactId) {\n      id\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  mutation MarkConversationRead($contactId: ID!) {\n    markConversationRead(contactId: $contactId) {\n      id\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Team {\n    agents {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query Team {\n    agents {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SmsLookup($search: String!) {\n    contacts(search: $search, first: 10) {\n      edges {\n        node {\n          id\n          name\n          phoneNumbers\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SmsLookup($search: String!) {\n    contacts(search: $search, first: 10) {\n      edges {\n        node {\n          id\n          name\n          phoneNumbers\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSmsContact($input: CreateContactInput!) {\n    createContact(input: $input) {\n      id\n      name\n      phoneNumbers\n      smsOptedOut\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSmsContact($input: CreateContactInput!) {\n    createContact(input: $input) {\n      id\n      name\n      phoneNumbers\n      smsOptedOut\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScheduledSmsItem_entry on ScheduledSmsEntry {\n    id\n    createdAt\n    body\n    scheduledStatus: status\n    scheduledFor\n    scheduledSegments: segments\n    cancelReason\n    agent {\n      id\n      name\n    }\n    canceledBy {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment ScheduledSmsItem_entry on ScheduledSmsEntry {\n    id\n    createdAt\n    body\n    scheduledStatus: status\n    scheduledFor\n    scheduledSegments: segments\n    cancelReason\n    agent {\n      id\n      name\n    }\n    canceledBy {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScheduledSms($id: ID!) {\n    contact(id: $id) {\n      id\n      localTimeZone\n      scheduledSms {\n        id\n        ...ScheduledSmsItem_entry\n      }\n    }\n  }\n"): (typeof documents)["\n  query ScheduledSms($id: ID!) {\n    contact(id: $id) {\n      id\n      localTimeZone\n      scheduledSms {\n        id\n        ...ScheduledSmsItem_entry\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScheduleSms($input: ScheduleSmsInput!) {\n    scheduleSms(input: $input) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n"): (typeof documents)["\n  mutation ScheduleSms($input: ScheduleSmsInput!) {\n    scheduleSms(input: $input) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RescheduleSms($id: ID!, $sendAt: DateTimeISO!) {\n    rescheduleSms(entryId: $id, sendAt: $sendAt) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n"): (typeof documents)["\n  mutation RescheduleSms($id: ID!, $sendAt: DateTimeISO!) {\n    rescheduleSms(entryId: $id, sendAt: $sendAt) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EditScheduledSms($id: ID!, $body: String!) {\n    editScheduledSms(entryId: $id, body: $body) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n"): (typeof documents)["\n  mutation EditScheduledSms($id: ID!, $body: String!) {\n    editScheduledSms(entryId: $id, body: $body) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelScheduledSms($id: ID!) {\n    cancelScheduledSms(entryId: $id) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n"): (typeof documents)["\n  mutation CancelScheduledSms($id: ID!) {\n    cancelScheduledSms(entryId: $id) {\n      id\n      ...ScheduledSmsItem_entry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LoginPage {\n    serverInfo {\n      simulator\n    }\n  }\n"): (typeof documents)["\n  query LoginPage {\n    serverInfo {\n      simulator\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      agent {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      agent {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ViewerId {\n    me {\n      agent {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query ViewerId {\n    me {\n      agent {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ViewerMenu_viewer on Viewer {\n    agent {\n      id\n      name\n    }\n    account {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment ViewerMenu_viewer on Viewer {\n    agent {\n      id\n      name\n    }\n    account {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n"): (typeof documents)["\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CallEntryItem_entry on CallEntry {\n    id\n    createdAt\n    callDirection: direction\n    callStatus: status\n    duration\n    errorMessage\n    agent {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment CallEntryItem_entry on CallEntry {\n    id\n    createdAt\n    callDirection: direction\n    callStatus: status\n    duration\n    errorMessage\n    agent {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConversationEventItem_entry on ConversationEventEntry {\n    id\n    createdAt\n    kind\n    text\n  }\n"): (typeof documents)["\n  fragment ConversationEventItem_entry on ConversationEventEntry {\n    id\n    createdAt\n    kind\n    text\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NoteEntryItem_entry on NoteEntry {\n    id\n    createdAt\n    body\n    agent {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment NoteEntryItem_entry on NoteEntry {\n    id\n    createdAt\n    body\n    agent {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateNote($contactId: ID!, $body: String!) {\n    createNote(contactId: $contactId, body: $body) {\n      id\n      ...NoteEntryItem_entry\n    }\n  }\n"): (typeof documents)["\n  mutation CreateNote($contactId: ID!, $body: String!) {\n    createNote(contactId: $contactId, body: $body) {\n      id\n      ...NoteEntryItem_entry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SmsEntryItem_entry on SmsEntry {\n    id\n    createdAt\n    body\n    direction\n    status\n    statusUpdatedAt\n    canRetry\n    dismissedAt\n    dismissedBy {\n      id\n      name\n    }\n    errorCode\n    errorMessage\n    retryCount\n    segments\n    encoding\n    talkdeskPhoneNumber\n    agent {\n      id\n      name\n    }\n    media {\n      url\n      contentType\n    }\n    quietHoursOverride {\n      reason\n      localTime\n    }\n  }\n"): (typeof documents)["\n  fragment SmsEntryItem_entry on SmsEntry {\n    id\n    createdAt\n    body\n    direction\n    status\n    statusUpdatedAt\n    canRetry\n    dismissedAt\n    dismissedBy {\n      id\n      name\n    }\n    errorCode\n    errorMessage\n    retryCount\n    segments\n    encoding\n    talkdeskPhoneNumber\n    agent {\n      id\n      name\n    }\n    media {\n      url\n      contentType\n    }\n    quietHoursOverride {\n      reason\n      localTime\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetrySms($entryId: ID!) {\n    retrySms(entryId: $entryId) {\n      id\n      ...SmsEntryItem_entry\n    }\n  }\n"): (typeof documents)["\n  mutation RetrySms($entryId: ID!) {\n    retrySms(entryId: $entryId) {\n      id\n      ...SmsEntryItem_entry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DismissSms($entryId: ID!) {\n    dismissSms(entryId: $entryId) {\n      id\n      ...SmsEntryItem_entry\n    }\n  }\n"): (typeof documents)["\n  mutation DismissSms($entryId: ID!) {\n    dismissSms(entryId: $entryId) {\n      id\n      ...SmsEntryItem_entry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TimelineEntry_entry on Entry {\n    __typename\n    id\n    createdAt\n    ...CallEntryItem_entry\n    ...VoicemailEntryItem_entry\n    ...NoteEntryItem_entry\n    ...SmsEntryItem_entry\n    ...ConversationEventItem_entry\n    ...ScheduledSmsItem_entry\n  }\n"): (typeof documents)["\n  fragment TimelineEntry_entry on Entry {\n    __typename\n    id\n    createdAt\n    ...CallEntryItem_entry\n    ...VoicemailEntryItem_entry\n    ...NoteEntryItem_entry\n    ...SmsEntryItem_entry\n    ...ConversationEventItem_entry\n    ...ScheduledSmsItem_entry\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ContactTimelineUpdated($contactId: ID!) {\n    timelineUpdated(contactId: $contactId) {\n      __typename\n      id\n      ...TimelineEntry_entry\n    }\n  }\n"): (typeof documents)["\n  subscription ContactTimelineUpdated($contactId: ID!) {\n    timelineUpdated(contactId: $contactId) {\n      __typename\n      id\n      ...TimelineEntry_entry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment VoicemailEntryItem_entry on VoicemailEntry {\n    id\n    createdAt\n    duration\n    record\n  }\n"): (typeof documents)["\n  fragment VoicemailEntryItem_entry on VoicemailEntry {\n    id\n    createdAt\n    duration\n    record\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AppShell {\n    me {\n      ...ViewerMenu_viewer\n    }\n    serverInfo {\n      simulator\n    }\n  }\n"): (typeof documents)["\n  query AppShell {\n    me {\n      ...ViewerMenu_viewer\n    }\n    serverInfo {\n      simulator\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;