
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
      "SmsEntry",
      "VoicemailEntry"
    ]
  }
};
      export default result;
    