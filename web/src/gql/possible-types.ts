
      export interface PossibleTypesResultData {
        possibleTypes: {
          [key: string]: string[]
        }
      }
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "Entry": [
      "CallEntry",
      "NoteEntry",
      "SmsEntry",
      "VoicemailEntry"
    ]
  }
};
      export default result;
    