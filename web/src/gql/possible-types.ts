
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "Entry": [
      "CallEntry",
      "NoteEntry",
      "SmsEntry",
      "VoicemailEntry"
    ]
  }
};
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
    