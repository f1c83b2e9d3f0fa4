
      export interface PossibleTypesResultData {
        possibleTypes: {
          [key: string]: string[]
        }
      }
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "Entry": [
      "CallEntry",
      "ConversationEventEntry",
      "NoteEntry",
      "ScheduledSmsEntry",
      "SmsEntry",
      "VoicemailEntry"
    ]
  }
};
      export default result;
    